import type { FastifyInstance } from 'fastify';
import type { SandboxEnv } from './sandbox-env';

/** Headers ContentPreview and the Box SDKs send cross-origin. */
const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Accept',
  'Accept-Language',
  'Content-Type',
  'BoxApi',
  'If-None-Match',
  'If-Match',
  'Range',
  'X-Rep-Hints',
  'X-Box-Client-Name',
  'X-Box-Client-Version',
  'X-Request-Id',
].join(', ');

const CORS_ALLOWED_METHODS = 'GET, POST, PUT, DELETE, OPTIONS';
const CORS_EXPOSED_HEADERS = 'Retry-After, ETag, Content-Length, Content-Range, BoxApi';

/** The app's own origins: localhost and 127.0.0.1 on PORT, plus APP_URL; or SANDBOX_ALLOWED_ORIGINS. */
export function defaultAllowedOrigins(env: Pick<SandboxEnv, 'SANDBOX_ALLOWED_ORIGINS' | 'PORT' | 'APP_URL'>): string[] {
  if (env.SANDBOX_ALLOWED_ORIGINS) {
    return env.SANDBOX_ALLOWED_ORIGINS.split(',').map((origin) => origin.trim()).filter(Boolean);
  }
  const origins = [`http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`, new URL(env.APP_URL ?? `http://localhost:${env.PORT}`).origin];
  return [...new Set(origins)];
}

/**
 * CORS as Box does it: an exact allow-list. Allowed origins get the headers
 * (and preflights are answered here); any other origin gets no CORS header at
 * all, so the browser blocks the response. The list is read per request:
 * `/_sandbox/setup` changes it at run time.
 */
export function registerCors(app: FastifyInstance, allowedOrigins: () => readonly string[]): void {
  app.addHook('onRequest', async (request, reply) => {
    const allowed = allowedOrigins();
    const origin = request.headers.origin;
    const isPreflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    reply.header('vary', 'Origin');
    if (origin !== undefined && allowed.includes(origin)) {
      reply.header('access-control-allow-origin', origin);
      if (isPreflight) {
        return reply
          .code(204)
          .header('access-control-allow-methods', CORS_ALLOWED_METHODS)
          .header('access-control-allow-headers', CORS_ALLOWED_HEADERS)
          .header('access-control-max-age', '600')
          .send();
      }
      reply.header('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    } else if (isPreflight) {
      return reply.code(204).send();
    }
  });
}
