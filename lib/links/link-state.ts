import type { ShareLinkRecord } from '../db/store';

export type LinkState = 'active' | 'expired' | 'revoked';

/** Why a link no longer opens. */
export type GoneReason = Exclude<LinkState, 'active'>;

/** Revocation wins over expiry: it is the editor's explicit word. */
export function linkStateOf(link: Pick<ShareLinkRecord, 'expiresAt' | 'revokedAt'>, now: Date = new Date()): LinkState {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt && link.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}
