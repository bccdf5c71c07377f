import { ApiError } from './api-error';

/**
 * A path with malformed percent-encoding (`/api/files/%ZZ/token`) cannot be
 * routed: Next answers such requests with a 500 of its own. Easel's server
 * (scripts/serve.ts) checks the path first and answers 400 itself: the JSON
 * error shape under /api/, a short text page elsewhere.
 */
export function isMalformedPath(rawUrl: string): boolean {
  const pathname = rawUrl.split(/[?#]/, 1)[0] ?? '';
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function malformedPathResponse(rawUrl: string, requestId: string): Promise<PlainResponse> {
  const error = new ApiError('bad_request:path', 'This address is not validly encoded.');
  if (rawUrl.startsWith('/api/')) {
    const response = error.toResponse(requestId);
    return { status: response.status, headers: { ...Object.fromEntries(response.headers), 'x-request-id': requestId }, body: await response.text() };
  }
  return {
    status: 400,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-request-id': requestId },
    body: 'Bad request: this address is not validly encoded.\n',
  };
}
