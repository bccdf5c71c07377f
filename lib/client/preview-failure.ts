/**
 * What ContentPreview's `onError` says, reduced to what Easel acts on. The
 * element's error boundary hands the app one object `{ type: 'error', code,
 * message, origin, context_info }`: `code` is the Preview library's
 * (`error_token_invalid` when Box refused the token) or, for the element's
 * own API calls, Box's error code (`unauthorized`); `context_info.error` is
 * the underlying error: Box's JSON error body with `status`, or an HTTP
 * client error with `response.status` when Box sent no body.
 */
export interface PreviewFailure {
  code: string | undefined;
  status: number | undefined;
}

const TOKEN_REJECTED_CODES = new Set(['error_token_invalid', 'unauthorized']);

function numberAt(value: unknown, ...path: string[]): number | undefined {
  let current = value;
  for (const key of path) {
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'number' ? current : undefined;
}

function stringAt(value: unknown, key: string): string | undefined {
  const field = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof field === 'string' ? field : undefined;
}

export function previewFailureOf(error: unknown, code?: string): PreviewFailure {
  const status =
    numberAt(error, 'status') ??
    numberAt(error, 'response', 'status') ??
    numberAt(error, 'context_info', 'error', 'status') ??
    numberAt(error, 'context_info', 'error', 'response', 'status');
  return { code: code ?? stringAt(error, 'code'), status };
}

/** Box refused the token itself (revoked or expired), as opposed to the file or the network failing. */
export function isTokenRejection(failure: PreviewFailure): boolean {
  return failure.status === 401 || (failure.code !== undefined && TOKEN_REJECTED_CODES.has(failure.code));
}
