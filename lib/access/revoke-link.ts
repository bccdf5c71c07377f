import { revokeLinkTokens } from './token-service';
import type { Store, ShareLinkRecord } from '../db/store';
import { log } from '../log';
import { editorActor } from '../links/client-fingerprint';
import { linkNotFound } from '../links/link-errors';

export interface RevokeOutcome {
  link: ShareLinkRecord;
  /** Tokens revoked at Box just now. */
  tokensRevoked: number;
  /** False when Box did not confirm every revocation (the link is off regardless). */
  boxConfirmed: boolean;
}

/**
 * Turns a link off: first in the database, so its token route refuses at
 * once, then at Box, so tokens already handed out stop working too.
 */
export async function revokeShareLink(store: Store, editor: { email: string }, linkId: string): Promise<RevokeOutcome> {
  const existing = await store.links.findById(linkId);
  if (!existing) throw linkNotFound();
  const link = (await store.links.revoke(linkId)) ?? existing;
  let tokensRevoked = 0;
  let boxConfirmed = true;
  try {
    tokensRevoked = await revokeLinkTokens(link.id);
  } catch (error) {
    boxConfirmed = false;
    log.error({ event: 'links.revoke_box_failed', linkId, err: error }, 'Box did not confirm token revocation');
  }
  if (!existing.revokedAt) {
    await store.audit.record({ linkId: link.id, type: 'revoked', actor: editorActor(editor.email), detail: { tokensRevoked, boxConfirmed } });
  }
  return { link, tokensRevoked, boxConfirmed };
}
