import 'server-only';
import { BoxApiError, BoxSdkError } from 'box-node-sdk/box';
import { ApiError } from '../http/api-error';
import { retryAfterSecondsOf } from './retry-strategy';

/**
 * Turns what the Box SDK throws into the app's errors and into log fields.
 * A BoxApiError carries the request it failed on (headers and form body, so
 * tokens): only the fields picked here may ever reach a log.
 */
export interface BoxFailure {
  status: number | undefined;
  code: string | undefined;
  /** OAuth errors: `error` and `error_description`. */
  oauthError: string | undefined;
  description: string | undefined;
  boxRequestId: string | undefined;
  retryAfterSeconds: number | undefined;
  /** No answer at all (connection refused, reset, timed out). */
  network: boolean;
}

/** When Box stays unavailable without saying for how long. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

function stringField(body: unknown, name: string): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export function describeBoxFailure(error: unknown): BoxFailure | undefined {
  if (error instanceof BoxApiError) {
    const info = error.responseInfo;
    const headers = info.headers ?? {};
    return {
      status: info.statusCode,
      // The SDK's own copies (info.code, info.requestId) are JSON-encoded strings; read the body.
      code: stringField(info.body, 'code'),
      oauthError: stringField(info.body, 'error'),
      description: stringField(info.body, 'error_description') ?? stringField(info.body, 'message'),
      boxRequestId: stringField(info.body, 'request_id') ?? headers['box-request-id'],
      retryAfterSeconds: retryAfterSecondsOf(headers),
      network: false,
    };
  }
  if (error instanceof BoxSdkError) {
    // The SDK sets `error` only when the request itself failed (no HTTP answer).
    const network = error.error !== undefined;
    return { status: undefined, code: undefined, oauthError: undefined, description: error.message, boxRequestId: undefined, retryAfterSeconds: undefined, network };
  }
  return undefined;
}

export function isBoxUnavailable(failure: BoxFailure): boolean {
  if (failure.status === undefined) return failure.network;
  return failure.status === 429 || failure.status >= 500;
}

/** Box answered with 429/5xx past our retry budget, or could not be reached at all. */
export function boxUnavailable(retryAfterSeconds: number | undefined): ApiError {
  return new ApiError('unavailable:box', 'Box is busy or unreachable right now. Try again shortly.', {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS)),
  });
}

/** Maps an SDK error to an ApiError; anything that is not from Box is returned unchanged. */
export function toApiError(error: unknown): unknown {
  if (error instanceof ApiError) return error;
  const failure = describeBoxFailure(error);
  if (!failure) return error;
  if (isBoxUnavailable(failure)) return boxUnavailable(failure.retryAfterSeconds);
  return new ApiError('upstream:box', 'Box refused the request.');
}
