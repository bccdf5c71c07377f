import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '../config/env';
import { ApiError } from './api-error';
import { handleApiRequest } from './json-response';
import { getMetrics } from '../metrics/registry';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** True when the request carries `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time). */
function authorized(request: Request, expected: string): boolean {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(expected));
}

/**
 * GET /api/metrics: without METRICS_TOKEN configured the route does not exist
 * (404); with it, a request without the right bearer token gets 401.
 */
export function metricsResponse(request: Request): Promise<Response> {
  return handleApiRequest(request, async () => {
    const expected = getEnv().METRICS_TOKEN;
    if (!expected) throw new ApiError('not_found:route', 'Not found.');
    if (!authorized(request, expected)) throw new ApiError('unauthorized:metrics', 'A valid metrics token is required.');
    const { registry } = getMetrics();
    return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
  });
}
