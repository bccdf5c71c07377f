import { log } from '../log';
import { ApiError, internalError } from './api-error';
import { requestIdOf } from './request-id';

export function jsonResponse(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json');
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status: init.status ?? 200, headers });
}

/**
 * Runs a route handler body: ApiErrors become their JSON response, anything
 * else is logged with the request id and answered with a generic 500.
 */
export async function handleApiRequest(
  request: Request,
  handler: (requestId: string) => Promise<Response>,
): Promise<Response> {
  const requestId = requestIdOf(request);
  try {
    const response = await handler(requestId);
    response.headers.set('x-request-id', requestId);
    return response;
  } catch (error) {
    const apiError = error instanceof ApiError ? error : internalError();
    if (!(error instanceof ApiError)) {
      log.error({ requestId, err: error }, 'unhandled error');
    }
    const response = apiError.toResponse(requestId);
    response.headers.set('x-request-id', requestId);
    return response;
  }
}
