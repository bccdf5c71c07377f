import 'server-only';
import { getStore } from '../db/get-store';
import type { ShareLinkRecord, Store } from '../db/store';
import { ApiError } from '../http/api-error';
import { getTokenRateLimiter, type RateLimiter } from '../http/rate-limit';
import { visitorActor } from '../links/client-fingerprint';
import { parseFileId } from '../box/file-id';
import { linkFileNotFound, linkGone, linkLocked } from '../links/link-errors';
import { linkStateOf } from '../links/link-state';
import { findLiveLink } from '../links/live-link';
import { isUnlocked } from '../links/unlock-cookie';
import type { Visitor } from '../links/visitor';
import { log } from '../log';
import { firstViewEvent } from '../notify/events';
import { processSingleton } from '../process-singleton';
import { filesOfLink, linkAnnotations, requiredReviewer } from '../reviews/review-link';
import { scheduleExpiryRevocation } from './expiry-revocation';
import { assertGalleryFile, type AccessPolicy } from './gallery-policy';
import { grantFailureOf, type GrantOptions, type GrantResult } from './grant-result';
import { getTokenService, type FileToken, type TokenService } from './token-service';

export interface LinkGrantOptions extends GrantOptions {
  /** The file the visitor asks for (unvalidated): one of the link's files; default its first. */
  fileId?: string;
}

export type LinkGrant = (visitor: Visitor, slug: string, options?: LinkGrantOptions) => Promise<GrantResult>;

export interface LinkGrantDeps {
  tokens: Pick<TokenService, 'getFileToken' | 'revokeLinkTokens'>;
  policy: AccessPolicy;
  rateLimiter: RateLimiter;
  store: () => Promise<Store>;
}

/** One visitor's views within this window count once (the page refreshes its token often). */
export const VIEW_WINDOW_MS = 30 * 60_000;

/** The settings a link's token depends on: an edit of any of them during a mint voids the token. */
function sameAccess(a: ShareLinkRecord, b: ShareLinkRecord): boolean {
  return (
    a.role === b.role &&
    a.allowDownload === b.allowDownload &&
    a.passwordHash === b.passwordHash &&
    a.commentVisibility === b.commentVisibility &&
    a.expiresAt?.getTime() === b.expiresAt?.getTime()
  );
}

/**
 * A token for one of a share link's files with the link's role: the link
 * exists, is neither revoked nor expired (before and after the mint), is
 * unlocked when it has a password, and the file is one of its files. On a
 * comment link the visitor must have named themselves: the token is their
 * Box annotator token (cached for them alone) and shows the comments the
 * link allows (everyone's, or only their own). Records the visitor's view
 * (once per window).
 */
export function createLinkGrant(deps: LinkGrantDeps): LinkGrant {
  async function linkToken(visitor: Visitor, slug: string, options: LinkGrantOptions): Promise<FileToken> {
    const askedFileId = options.fileId === undefined ? undefined : parseFileId(options.fileId);
    await deps.rateLimiter.consume(visitor.clientKey);
    const store = await deps.store();
    const link = await findLiveLink(store, slug);
    if (!(await isUnlocked(link, visitor.readCookie))) throw linkLocked();
    const files = await filesOfLink(store, link);
    const fileId = askedFileId ?? files[0]!;
    if (!files.includes(fileId)) throw linkFileNotFound();
    const reviewer = await requiredReviewer(store, link, visitor);
    await deps.policy.assertGalleryFile(fileId);
    const currentLink = () => store.links.findById(link.id);
    const currentState = async () => {
      const current = await currentLink();
      return current ? linkStateOf(current) : 'revoked';
    };

    let token: FileToken;
    try {
      token = await deps.tokens.getFileToken({
        fileId,
        role: link.role,
        allowDownload: link.allowDownload,
        linkId: link.id,
        annotations: linkAnnotations(link, reviewer),
        ...(reviewer ? { reviewer: { id: reviewer.id, name: reviewer.name } } : {}),
        requestId: options.requestId,
        rejectedTokenHash: options.rejectedTokenHash,
      });
    } catch (error) {
      // The link's tokens were revoked mid-mint (turned off, or its expiry timer fired): say which.
      if (error instanceof ApiError && error.type === 'gone') {
        const state = await currentState();
        throw linkGone(state === 'active' ? 'revoked' : state);
      }
      throw error;
    }

    // Revoked or edited while the token was being minted: take it back before it leaves.
    const current = await currentLink();
    const state = current ? linkStateOf(current) : 'revoked';
    if (state !== 'active' || (current && !sameAccess(link, current))) {
      await deps.tokens.revokeLinkTokens(link.id).catch((error: unknown) => {
        log.warn({ event: 'links.race_revoke_failed', linkId: link.id, err: error }, 'revoking a raced token failed');
      });
      if (state !== 'active') throw linkGone(state);
      throw new ApiError('unavailable:link_changed', 'This link was changed just now. Try again.', { retryAfterSeconds: 1 });
    }

    // The view, its audit row and (for a visitor the link has never seen) the editor's notification land together.
    await store.transaction(async (tx) => {
      if (!(await tx.links.recordView({ linkId: link.id, clientHash: visitor.fingerprint, dedupeWindowMs: VIEW_WINDOW_MS }))) return;
      await tx.audit.record({ linkId: link.id, type: 'viewed', actor: visitorActor(visitor.fingerprint) });
      await tx.notifications.emit(firstViewEvent({ linkId: link.id, fileId: link.fileId, clientHash: visitor.fingerprint, reviewerName: reviewer?.name ?? null }));
    });
    scheduleExpiryRevocation(link.id, link.expiresAt, token.expiresAt);
    return token;
  }

  return async (visitor, slug, options = {}) => {
    try {
      return { status: 'ok', token: await linkToken(visitor, slug, options) };
    } catch (error) {
      return grantFailureOf(error, options);
    }
  };
}

/** The process-wide link grant (GET /api/links/:slug/token and /s/:slug). */
export function grantLinkToken(visitor: Visitor, slug: string, options?: LinkGrantOptions): Promise<GrantResult> {
  const grant = processSingleton('access.link_grant', () =>
    createLinkGrant({ tokens: getTokenService(), policy: { assertGalleryFile }, rateLimiter: getTokenRateLimiter(), store: getStore }),
  );
  return grant(visitor, slug, options);
}
