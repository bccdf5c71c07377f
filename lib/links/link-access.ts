import { assertGalleryFile } from '../box/access-policy';
import { getFileToken, revokeLinkTokens, type FileToken } from '../box/token-service';
import type { Store, ShareLinkRecord } from '../db/store';
import { log } from '../log';
import { visitorActor } from './client-fingerprint';
import { linkGone, linkLocked, linkNotFound } from './link-errors';
import { linkStateOf } from './link-state';
import { isWellFormedSlug } from './slug';
import { scheduleExpiryRevocation } from './expiry-revocation';
import { isUnlocked } from './unlock-cookie';
import type { Visitor } from './visitor';

/** One visitor's views within this window count once (the page refreshes its token often). */
export const VIEW_WINDOW_MS = 30 * 60_000;

/** The link behind a slug if it is live: 404 for unknown, 410 for expired or revoked. */
export async function findLiveLink(store: Store, slug: string): Promise<ShareLinkRecord> {
  if (!isWellFormedSlug(slug)) throw linkNotFound();
  const link = await store.links.findBySlug(slug);
  if (!link) throw linkNotFound();
  const state = linkStateOf(link);
  if (state !== 'active') throw linkGone(state);
  return link;
}

/**
 * A token for the link's file with the link's role, checked from scratch on
 * every call: exists, not revoked, not expired, unlocked when it has a password.
 * Records the visitor's view (once per window) server side.
 */
export async function issueLinkToken(
  store: Store,
  slug: string,
  visitor: Visitor,
  requestId?: string,
  options: { rejectedTokenHash?: string } = {},
): Promise<{ link: ShareLinkRecord; token: FileToken }> {
  const link = await findLiveLink(store, slug);
  if (!(await isUnlocked(link, visitor.readCookie))) throw linkLocked();
  await assertGalleryFile(link.fileId);
  const token = await getFileToken({
    fileId: link.fileId,
    role: link.role,
    allowDownload: link.allowDownload,
    linkId: link.id,
    requestId,
    rejectedTokenHash: options.rejectedTokenHash,
  });

  // Revoked while the token was being minted: take it back before it leaves.
  const current = await store.links.findById(link.id);
  const state = current ? linkStateOf(current) : 'revoked';
  if (state !== 'active') {
    await revokeLinkTokens(link.id).catch((error: unknown) => {
      log.warn({ event: 'links.race_revoke_failed', linkId: link.id, err: error instanceof Error ? error.message : String(error) }, 'revoking a raced token failed');
    });
    throw linkGone(state);
  }

  if (await store.links.recordView({ linkId: link.id, clientHash: visitor.fingerprint, dedupeWindowMs: VIEW_WINDOW_MS })) {
    await store.audit.record({ linkId: link.id, type: 'viewed', actor: visitorActor(visitor.fingerprint) });
  }
  scheduleExpiryRevocation(link.id, link.expiresAt, token.expiresAt);
  return { link, token };
}
