import type { FastifyInstance } from 'fastify';
import { boxApiError, oauthError } from './box-errors';
import type { SandboxState } from './state';

const CONTROL_PREFIX = '/_sandbox/';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limit_exceeded',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
};

function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}

/**
 * Added latency reaches CORS preflights too (answered before the fault hooks),
 * since on Box a preflight is a round trip like any other.
 */
export function registerPreflightLatency(app: FastifyInstance, state: SandboxState): void {
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'OPTIONS' || pathOf(request.url).startsWith(CONTROL_PREFIX)) return;
    const { latencyMs } = state.faults;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  });
}

/**
 * Test faults: added latency and canned error responses. The `/_sandbox/`
 * controls and CORS preflights are never affected, so a test can always
 * reset, and a browser can always read the faulted response.
 */
export function registerFaultHooks(app: FastifyInstance, state: SandboxState): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith(CONTROL_PREFIX) || request.method === 'OPTIONS') return;
    const { latencyMs } = state.faults;
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const { respond } = state.faults;
    if (!respond || !path.startsWith(respond.path)) return;
    respond.remaining -= 1;
    if (respond.remaining <= 0) state.faults.respond = undefined;
    if (respond.retryAfter !== undefined) reply.header('retry-after', String(respond.retryAfter));
    const code = CODE_BY_STATUS[respond.status] ?? 'sandbox_fault';
    const message = `Sandbox fault: responding ${respond.status} to ${path}`;
    // The OAuth endpoints answer in the OAuth error shape, even when rate limited.
    const body = path.startsWith('/oauth2/') ? oauthError(code, message) : boxApiError(respond.status, code, message);
    return reply.code(respond.status).send(body);
  });
}
