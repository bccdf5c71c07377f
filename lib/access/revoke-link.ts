import { revokeLinkTokensReport, type LinkRevocationReport } from './token-service';
import type { Store, ShareLinkRecord } from '../db/store';
import { log } from '../log';
import { editorActor } from '../links/client-fingerprint';
import { linkNotFound } from '../links/link-errors';

export interface RevokeOutcome {
  link: ShareLinkRecord;
  /** Tokens Box confirmed revoked just now (minted by any instance, before or after a restart). */
  tokensRevoked: number;
  /** Tokens Box did not confirm (revoking again retries them). */
  tokensFailed: number;
  /** True only when Box confirmed every token of the link, the fleet's included (the link is off regardless). */
  boxConfirmed: boolean;
}

/**
 * Revokes at Box every token already handed out for a link, after the
 * database already refuses new ones (revocation, or a change that narrows
 * access). A Box failure is logged and reported, never thrown: the link's
 * own state has changed regardless.
 */
export interface MintedTokensOutcome {
  tokensRevoked: number;
  tokensFailed: number;
  boxConfirmed: boolean;
}

export async function revokeMintedTokens(
  linkId: string,
  revoke: (linkId: string) => Promise<LinkRevocationReport> = revokeLinkTokensReport,
): Promise<MintedTokensOutcome> {
  try {
    const { revoked, failed, fleetReached } = await revoke(linkId);
    // Redis unreachable: tokens only the fleet knows of are revoked later, so Box has not confirmed them all.
    return { tokensRevoked: revoked, tokensFailed: failed, boxConfirmed: failed === 0 && fleetReached };
  } catch (error) {
    log.error({ event: 'links.revoke_box_failed', linkId, err: error }, 'Box did not confirm token revocation');
    return { tokensRevoked: 0, tokensFailed: 0, boxConfirmed: false };
  }
}

/**
 * Turns a link off: first in the database, so its token route refuses at
 * once, then at Box, so tokens already handed out stop working too.
 */
export async function revokeShareLink(store: Store, editor: { email: string }, linkId: string): Promise<RevokeOutcome> {
  const existing = await store.links.findById(linkId);
  if (!existing) throw linkNotFound();
  const link = (await store.links.revoke(linkId)) ?? existing;
  const { tokensRevoked, tokensFailed, boxConfirmed } = await revokeMintedTokens(link.id);
  if (!existing.revokedAt) {
    await store.audit.record({ linkId: link.id, type: 'revoked', actor: editorActor(editor.email), detail: { tokensRevoked, tokensFailed, boxConfirmed } });
  }
  return { link, tokensRevoked, tokensFailed, boxConfirmed };
}
