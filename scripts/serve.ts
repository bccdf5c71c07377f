/**
 * Easel's HTTP server: Next.js (dev or production) behind a thin Node server
 * that does two things Next can't. (1) The client address: Next fills
 * X-Forwarded-For from the socket only when a request lacks it, so a client could pick the address its
 * rate limits count against; here the header is rebuilt from the connecting
 * peer and the entries of TRUSTED_PROXY_HOPS configured proxies before Next
 * sees the request. (2) A path with malformed percent-encoding gets a 400
 * (JSON under /api/) instead of Next's 500.
 * Started by scripts/run.ts: `tsx scripts/serve.ts <dev|start>`.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';
import { parseEnv } from '../lib/config/env';
import { normalizeForwardedFor } from '../lib/http/forwarded-for';
import { isMalformedPath, malformedPathResponse } from '../lib/http/malformed-path';

const ROOT = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode !== 'dev' && mode !== 'start') throw new Error('Usage: tsx scripts/serve.ts <dev|start>');
  const env = parseEnv(process.env);
  const host = process.env.HOST ?? '127.0.0.1';
  const dev = mode === 'dev';
  const app = next({ dev, dir: ROOT, hostname: host, port: env.PORT, ...(dev ? { webpack: true } : {}) });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();

  const rewrite = (request: import('node:http').IncomingMessage) => {
    request.headers['x-forwarded-for'] = normalizeForwardedFor(request.headers['x-forwarded-for'], request.socket.remoteAddress, env.TRUSTED_PROXY_HOPS);
  };
  const server = createServer((request, response) => {
    rewrite(request);
    if (isMalformedPath(request.url ?? '/')) {
      void malformedPathResponse(request.url ?? '/', randomUUID()).then(({ status, headers, body }) => {
        request.resume();
        response.writeHead(status, headers).end(body);
      });
      return;
    }
    void handle(request, response);
  });
  server.on('upgrade', (request, socket, head) => {
    rewrite(request);
    void upgrade(request, socket, head);
  });
  server.listen(env.PORT, host, () => console.log(`[easel] Next.js (${mode}) listening on http://${host}:${env.PORT}`));

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    // exit handlers release the database lock
    void app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(`[easel] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
