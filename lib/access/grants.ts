import 'server-only';
import type { Caller } from '../auth/caller';
import { parseFileId } from '../box/file-id';
import { getStore } from '../db/get-store';
import type { Store } from '../db/store';
import { ApiError, internalError, pageStateOf } from '../http/api-error';
import { getTokenRateLimiter, type RateLimiter } from '../http/rate-limit';
import { visitorActor } from '../links/client-fingerprint';
import { linkGone, linkLocked, linkNotFound } from '../links/link-errors';
import { linkStateOf } from '../links/link-state';
import { findLiveLink } from '../links/live-link';
import { isUnlocked } from '../links/unlock-cookie';
import type { Visitor } from '../links/visitor';
import { log } from '../log';
import { processSingleton } from '../process-singleton';
import { scheduleExpiryRevocation } from './expiry-revocation';
import { assertGalleryFile, type AccessPolicy } from './gallery-policy';
import type { Role } from './roles';
import { getTokenService, type FileToken, type TokenService } from './token-service';

/**
 * The one answer to "who gets which token for which file". Both grants check
 * from scratch on every call (rate limit before any Box call) and never
 * throw: the result says what happened, and a failure carries the ApiError
 * a route answers with.
 */
export type GrantFailure =
  | { status: 'locked'; error: ApiError }
  | { status: 'gone'; reason: 'expired' | 'revoked'; error: ApiError }
  | { status: 'not_found'; error: ApiError }
  | { status: 'forbidden'; error: ApiError }
  | { status: 'rate_limited'; retryAfterSeconds: number; error: ApiError }
  | { status: 'unavailable'; retryAfterSeconds?: number; error: ApiError };

export type GrantResult = { status: 'ok'; token: FileToken } | GrantFailure;

export interface GrantOptions {
  /** SHA-256 (base64url) of a token the browser saw Box refuse (validated by the caller). */
  rejectedTokenHash?: string;
  /** For logs only. */
  requestId?: string;
}

export interface LinkGrantOptions extends GrantOptions {
  /** When given, the file the visitor asks for: anything but the link's file is not found. */
  fileId?: string;
}

export interface Grants {
  grantFileToken(caller: Caller, fileId: string, options?: GrantOptions): Promise<GrantResult>;
  grantLinkToken(visitor: Visitor, slug: string, options?: LinkGrantOptions): Promise<GrantResult>;
}

export interface GrantDeps {
  tokens: Pick<TokenService, 'getFileToken' | 'revokeLinkTokens'>;
  policy: AccessPolicy;
  rateLimiter: RateLimiter;
  store: () => Promise<Store>;
}

/** One visitor's views within this window count once (the page refreshes its token often). */
const VIEW_WINDOW_MS = 30 * 60_000;

/** Signed-in editors get editor tokens; everyone else viewer tokens. */
function roleOf(caller: Caller): Role {
  return caller.kind === 'editor' ? 'editor' : 'viewer';
}

/** An error as a grant result (the page state follows from the closed code table). */
export function grantFailureOf(error: unknown, context: { requestId?: string } = {}): GrantFailure {
  if (!(error instanceof ApiError)) {
    log.error(
      { event: 'access.grant_failed', requestId: context.requestId, err: error instanceof Error ? { name: error.name, message: error.message } : String(error) },
      'unhandled error while granting a token',
    );
    return { status: 'unavailable', error: internalError() };
  }
  const state = pageStateOf(error.code);
  const retryAfter = error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {};
  switch (state.status) {
    case 'gone':
      return { status: 'gone', reason: state.reason, error };
    case 'rate_limited':
      return { status: 'rate_limited', retryAfterSeconds: error.retryAfterSeconds ?? 1, error };
    case 'unavailable':
      return { status: 'unavailable', ...retryAfter, error };
    case 'not_found':
    case 'forbidden':
    case 'locked':
      return { status: state.status, error };
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

export function createGrants(deps: GrantDeps): Grants {
  async function fileToken(caller: Caller, rawFileId: string, options: GrantOptions): Promise<FileToken> {
    const started = performance.now();
    const fileId = parseFileId(rawFileId);
    await deps.rateLimiter.consume(caller.clientKey);
    await deps.policy.assertGalleryFile(fileId);
    const role = roleOf(caller);
    const token = await deps.tokens.getFileToken({ fileId, role, ...options });
    log.debug({ event: 'access.file_token', requestId: options.requestId, fileId, role, ms: Math.round((performance.now() - started) * 100) / 100 }, 'file token granted');
    return token;
  }

  async function linkToken(visitor: Visitor, slug: string, options: LinkGrantOptions): Promise<FileToken> {
    await deps.rateLimiter.consume(visitor.clientKey);
    const store = await deps.store();
    const link = await findLiveLink(store, slug);
    if (options.fileId !== undefined && options.fileId !== link.fileId) throw linkNotFound();
    if (!(await isUnlocked(link, visitor.readCookie))) throw linkLocked();
    await deps.policy.assertGalleryFile(link.fileId);
    const currentState = async () => {
      const current = await store.links.findById(link.id);
      return current ? linkStateOf(current) : 'revoked';
    };

    let token: FileToken;
    try {
      token = await deps.tokens.getFileToken({
        fileId: link.fileId,
        role: link.role,
        allowDownload: link.allowDownload,
        linkId: link.id,
        requestId: options.requestId,
        rejectedTokenHash: options.rejectedTokenHash,
      });
    } catch (error) {
      // The token service saw the link's tokens revoked mid-mint: say why.
      if (error instanceof ApiError && error.type === 'gone') {
        const state = await currentState();
        throw linkGone(state === 'active' ? 'revoked' : state);
      }
      throw error;
    }

    // Revoked while the token was being minted: take it back before it leaves.
    const state = await currentState();
    if (state !== 'active') {
      await deps.tokens.revokeLinkTokens(link.id).catch((error: unknown) => {
        log.warn({ event: 'links.race_revoke_failed', linkId: link.id, err: error instanceof Error ? error.message : String(error) }, 'revoking a raced token failed');
      });
      throw linkGone(state);
    }

    if (await store.links.recordView({ linkId: link.id, clientHash: visitor.fingerprint, dedupeWindowMs: VIEW_WINDOW_MS })) {
      await store.audit.record({ linkId: link.id, type: 'viewed', actor: visitorActor(visitor.fingerprint) });
    }
    scheduleExpiryRevocation(link.id, link.expiresAt, token.expiresAt);
    return token;
  }

  return {
    async grantFileToken(caller, fileId, options = {}) {
      try {
        return { status: 'ok', token: await fileToken(caller, fileId, options) };
      } catch (error) {
        return grantFailureOf(error, options);
      }
    },
    async grantLinkToken(visitor, slug, options = {}) {
      try {
        return { status: 'ok', token: await linkToken(visitor, slug, options) };
      } catch (error) {
        return grantFailureOf(error, options);
      }
    },
  };
}

function processGrants(): Grants {
  return processSingleton('access.grants', () =>
    createGrants({ tokens: getTokenService(), policy: { assertGalleryFile }, rateLimiter: getTokenRateLimiter(), store: getStore }),
  );
}

/** A token for one gallery file, with the caller's role. */
export function grantFileToken(caller: Caller, fileId: string, options?: GrantOptions): Promise<GrantResult> {
  return processGrants().grantFileToken(caller, fileId, options);
}

/**
 * A token for a share link's file with the link's role: the link exists, is
 * neither revoked nor expired (before and after the mint), and is unlocked
 * when it has a password. Records the visitor's view (once per window).
 */
export function grantLinkToken(visitor: Visitor, slug: string, options?: LinkGrantOptions): Promise<GrantResult> {
  return processGrants().grantLinkToken(visitor, slug, options);
}
