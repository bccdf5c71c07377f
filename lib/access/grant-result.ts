import type { Caller } from '../auth/caller';
import type { BoxFile } from '../box/types';
import { ApiError, internalError, pageStateOf } from '../http/api-error';
import type { GoneReason } from '../links/link-state';
import { log } from '../log';
import type { Role } from './roles';
import type { FileToken } from './token-service';
import { getMetrics } from '../metrics/registry';

/**
 * What a grant answers. Grants check from scratch on every call and never
 * throw: a failure carries the ApiError a route answers with, and its status
 * is what a page shows (from the closed code table in lib/http/api-error.ts).
 */
export type GrantFailure =
  | { status: 'locked'; error: ApiError }
  | { status: 'name_required'; error: ApiError }
  | { status: 'gone'; reason: GoneReason; error: ApiError }
  | { status: 'not_found'; error: ApiError }
  | { status: 'forbidden'; error: ApiError }
  | { status: 'rate_limited'; retryAfterSeconds: number; error: ApiError }
  | { status: 'unavailable'; retryAfterSeconds?: number; error: ApiError };

/** `file` when asked for with `withFile` (read alongside the token, not after it). */
export type GrantResult = { status: 'ok'; token: FileToken; file?: BoxFile } | GrantFailure;

export interface GrantOptions {
  /** SHA-256 (base64url) of a token the browser saw Box refuse (validated by the route). */
  rejectedTokenHash?: string;
  /** For logs only. */
  requestId?: string;
  /** Also read the file's metadata, in parallel with the access check and the token (pages need both). */
  withFile?: boolean;
}

/** Signed-in editors get editor tokens; everyone else viewer tokens. */
export function roleOf(caller: Caller): Role {
  return caller.kind === 'editor' ? 'editor' : 'viewer';
}

/** An error as a grant result. */
export function grantFailureOf(error: unknown, context: { requestId?: string } = {}): GrantFailure {
  getMetrics().tokenRequests.inc({ outcome: 'refused' });
  if (!(error instanceof ApiError)) {
    log.error(
      { event: 'access.grant_failed', requestId: context.requestId, err: error },
      'unhandled error while granting a token',
    );
    return { status: 'unavailable', error: internalError() };
  }
  const state = pageStateOf(error.code);
  switch (state.status) {
    case 'gone':
      return { status: 'gone', reason: state.reason, error };
    case 'rate_limited':
      return { status: 'rate_limited', retryAfterSeconds: error.retryAfterSeconds ?? 1, error };
    case 'unavailable':
      return { status: 'unavailable', ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}), error };
    case 'not_found':
    case 'forbidden':
    case 'locked':
    case 'name_required':
      return { status: state.status, error };
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}
