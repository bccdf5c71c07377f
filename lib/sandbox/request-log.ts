import type { FastifyInstance } from 'fastify';
import type { SandboxState } from './state';

/**
 * A timeline of the requests the sandbox answered (method, path, start, end,
 * status; never a query string, which may carry a token), so benchmarks can
 * count the serial Box round trips on a page's critical path.
 * `GET /_sandbox/requests?since=<epoch ms>` reads it; bounded, cleared on reset.
 */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  /** Epoch milliseconds, the sandbox's clock (the machine's). */
  startedAt: number;
  endedAt: number;
}

const MAX_ENTRIES = 20_000;
const started = new WeakMap<object, number>();

export function registerRequestLog(app: FastifyInstance, state: SandboxState): void {
  let entries: LoggedRequest[] = [];
  state.onReset(() => {
    entries = [];
  });

  app.addHook('onRequest', async (request) => {
    started.set(request.raw, Date.now());
  });
  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path.startsWith('/_sandbox/')) return;
    entries.push({ method: request.method, path, status: reply.statusCode, startedAt: started.get(request.raw) ?? Date.now(), endedAt: Date.now() });
    if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES / 2);
  });

  app.get('/_sandbox/requests', async (request, reply) => {
    const since = Number((request.query as { since?: string }).since ?? 0);
    reply.header('cache-control', 'no-store');
    return { requests: entries.filter((entry) => entry.startedAt >= (Number.isFinite(since) ? since : 0)) };
  });
}
