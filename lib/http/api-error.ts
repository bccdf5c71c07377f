/**
 * The one error type route handlers throw on purpose. Its code reads
 * `type:surface` (e.g. `not_found:file`); the HTTP status follows from the
 * type. Anything else thrown is an internal error: logged, never shown.
 */
export type ApiErrorType =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'rate_limited'
  | 'upstream'
  | 'unavailable'
  | 'internal';

const STATUS_BY_TYPE: Record<ApiErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  gone: 410,
  rate_limited: 429,
  upstream: 502,
  unavailable: 503,
  internal: 500,
};

export interface ApiErrorBody {
  error: { code: string; message: string; requestId: string };
}

/**
 * Next can load this module more than once in one process (one copy per route
 * bundle, a fresh copy after a dev reload), and an error created by one copy
 * may be caught by another. A registry-wide symbol keeps `instanceof` true
 * across copies.
 */
const API_ERROR_BRAND = Symbol.for('easel.ApiError');

export class ApiError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[API_ERROR_BRAND] === true;
  }

  readonly [API_ERROR_BRAND] = true;
  readonly type: ApiErrorType;
  readonly code: string;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: `${ApiErrorType}:${string}`, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.type = code.split(':')[0] as ApiErrorType;
    this.status = STATUS_BY_TYPE[this.type];
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toResponse(requestId: string): Response {
    const body: ApiErrorBody = { error: { code: this.code, message: this.message, requestId } };
    const headers = new Headers({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    if (this.retryAfterSeconds !== undefined) headers.set('retry-after', String(Math.max(1, Math.ceil(this.retryAfterSeconds))));
    return new Response(JSON.stringify(body), { status: this.status, headers });
  }
}

export function internalError(): ApiError {
  return new ApiError('internal:server', 'Something went wrong on our side. Try again in a moment.');
}
