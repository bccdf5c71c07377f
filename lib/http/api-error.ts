import type { GoneReason } from '../links/link-state';

/**
 * The one error type the server throws on purpose, with a code from a closed
 * list. A code reads `type:surface` (e.g. `not_found:file`); the HTTP status
 * follows from the type and the page state from the code, both through
 * tables the compiler checks for completeness. Anything else thrown is an
 * internal error: logged, never shown.
 */
export type ApiErrorCode =
  | 'bad_request:body'
  | 'bad_request:content_type'
  | 'bad_request:cursor'
  | 'bad_request:expires_at'
  | 'bad_request:file_id'
  | 'bad_request:invalid'
  | 'bad_request:path'
  | 'bad_request:rejected'
  | 'bad_request:webhook_url'
  | 'unauthorized:editor'
  | 'unauthorized:link_locked'
  | 'unauthorized:reviewer'
  | 'unauthorized:login'
  | 'unauthorized:wrong_password'
  | 'unauthorized:deep_health'
  | 'unauthorized:metrics'
  | 'forbidden:csrf'
  | 'forbidden:deep_health'
  | 'forbidden:link_role'
  | 'not_found:file'
  | 'not_found:link'
  | 'not_found:route'
  | 'not_found:link_file'
  | 'not_found:thumbnail'
  | 'not_found:webhook'
  | 'method_not_allowed:route'
  | 'gone:link_expired'
  | 'gone:link_revoked'
  | 'payload_too_large:body'
  | 'rate_limited:token'
  | 'rate_limited:login'
  | 'rate_limited:thumbnail'
  | 'rate_limited:link_password'
  | 'upstream:box'
  | 'upstream:token_exchange'
  | 'upstream:token_scope'
  | 'upstream:box_scope_missing'
  | 'unavailable:box'
  | 'unavailable:database'
  | 'unavailable:thumbnail'
  | 'unavailable:link_changed'
  | 'unavailable:shared_state'
  | 'internal:server';

type TypeOf<Code> = Code extends `${infer Type}:${string}` ? Type : never;
type SurfaceOf<Code, Type extends string> = Code extends `${Type}:${infer Surface}` ? Surface : never;

export type ApiErrorType = TypeOf<ApiErrorCode>;

/** The limiter names that appear in `rate_limited:<name>`. */
export type RateLimitName = SurfaceOf<ApiErrorCode, 'rate_limited'>;

const STATUS_BY_TYPE = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  gone: 410,
  payload_too_large: 413,
  rate_limited: 429,
  upstream: 502,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ApiErrorType, number>;

/** What a page shows for an error (the page-side twin of the HTTP status). */
export type PageState =
  | { status: 'not_found' }
  | { status: 'forbidden' }
  | { status: 'locked' }
  /** A comment link whose visitor has not said who they are yet. */
  | { status: 'name_required' }
  | { status: 'gone'; reason: GoneReason }
  | { status: 'rate_limited' }
  | { status: 'unavailable' };

const NOT_FOUND = { status: 'not_found' } as const;
const FORBIDDEN = { status: 'forbidden' } as const;
const RATE_LIMITED = { status: 'rate_limited' } as const;
const UNAVAILABLE = { status: 'unavailable' } as const;

const PAGE_STATE_BY_CODE = {
  // A malformed id or slug in a page URL is a page that does not exist.
  'bad_request:body': NOT_FOUND,
  'bad_request:content_type': NOT_FOUND,
  'bad_request:cursor': NOT_FOUND,
  'bad_request:expires_at': NOT_FOUND,
  'bad_request:file_id': NOT_FOUND,
  'bad_request:invalid': NOT_FOUND,
  'bad_request:path': NOT_FOUND,
  'bad_request:rejected': NOT_FOUND,
  'bad_request:webhook_url': NOT_FOUND,
  'unauthorized:editor': FORBIDDEN,
  'unauthorized:link_locked': { status: 'locked' },
  'unauthorized:reviewer': { status: 'name_required' },
  'unauthorized:login': FORBIDDEN,
  'unauthorized:wrong_password': { status: 'locked' },
  'unauthorized:deep_health': FORBIDDEN,
  'unauthorized:metrics': FORBIDDEN,
  'forbidden:csrf': FORBIDDEN,
  'forbidden:deep_health': FORBIDDEN,
  'forbidden:link_role': FORBIDDEN,
  'not_found:file': NOT_FOUND,
  'not_found:link': NOT_FOUND,
  'not_found:route': NOT_FOUND,
  'method_not_allowed:route': NOT_FOUND,
  'not_found:link_file': NOT_FOUND,
  'not_found:thumbnail': NOT_FOUND,
  'not_found:webhook': NOT_FOUND,
  'gone:link_expired': { status: 'gone', reason: 'expired' },
  'gone:link_revoked': { status: 'gone', reason: 'revoked' },
  'payload_too_large:body': NOT_FOUND,
  'rate_limited:token': RATE_LIMITED,
  'rate_limited:login': RATE_LIMITED,
  'rate_limited:thumbnail': RATE_LIMITED,
  'rate_limited:link_password': RATE_LIMITED,
  'upstream:box': UNAVAILABLE,
  'upstream:token_exchange': UNAVAILABLE,
  'upstream:token_scope': UNAVAILABLE,
  // The Box app lacks a scope: an operator's fix, not the visitor's.
  'upstream:box_scope_missing': UNAVAILABLE,
  'unavailable:box': UNAVAILABLE,
  'unavailable:database': UNAVAILABLE,
  'unavailable:thumbnail': UNAVAILABLE,
  'unavailable:link_changed': UNAVAILABLE,
  'unavailable:shared_state': UNAVAILABLE,
  'internal:server': UNAVAILABLE,
} as const satisfies Record<ApiErrorCode, PageState>;

export function pageStateOf(code: ApiErrorCode): PageState {
  return PAGE_STATE_BY_CODE[code];
}

function httpStatusOf(code: ApiErrorCode): number {
  return STATUS_BY_TYPE[typeOf(code)];
}

function typeOf(code: ApiErrorCode): ApiErrorType {
  return code.slice(0, code.indexOf(':')) as ApiErrorType;
}

/** The JSON body of every error answer (read back in the browser by lib/client/client-error.ts). */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; requestId: string };
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
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ApiErrorCode, message: string, options: { retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.type = typeOf(code);
    this.status = httpStatusOf(code);
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
