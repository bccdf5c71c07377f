import { revokeLinkTokensReport } from './token-service';
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
  /** True only when Box confirmed every known token of the link (the link is off regardless). */
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
  let tokensFailed = 0;
  let boxConfirmed = true;
  try {
    ({ revoked: tokensRevoked, failed: tokensFailed } = await revokeLinkTokensReport(link.id));
    boxConfirmed = tokensFailed === 0;
  } catch (error) {
    boxConfirmed = false;
    log.error({ event: 'links.revoke_box_failed', linkId, err: error }, 'Box did not confirm token revocation');
  }
  if (!existing.revokedAt) {
    await store.audit.record({ linkId: link.id, type: 'revoked', actor: editorActor(editor.email), detail: { tokensRevoked, tokensFailed, boxConfirmed } });
  }
  return { link, tokensRevoked, tokensFailed, boxConfirmed };
}
