import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loadOrCreateAppCredentials, type AppCredentials } from './app-credentials';
import { boxApiError, oauthError } from './box-errors';
import { contentRoutes } from './content-routes';
import { controlRoutes } from './control-routes';
import { parseSandboxEnv } from './sandbox-env';
import { defaultAllowedOrigins, registerCors } from './cors';
import { registerFaultHooks, registerPreflightLatency } from './fault-hooks';
import { oauthRoutes } from './oauth-routes';
import { registerRequestLog } from './request-log';
import { catalogFiles } from './sandbox-files';
import { ensureSampleContent } from './sample-content';
import { applySetup, defaultSetup, type SandboxSetup, type SetupUpdate } from './setup';
import { SandboxState } from './state';
import { registerStaticRoutes } from './static-routes';

export interface SandboxOptions {
  host?: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  tokenTtlSeconds?: number;
  downscopedTokenTtlSeconds?: number;
  /** Exact origins allowed by CORS; defaults to the app's (see defaultAllowedOrigins). */
  allowedOrigins?: readonly string[];
  /** The app's set-up at start (authorized, scopes, collaborations, thumbnails); `/_sandbox/reset` returns to it. */
  setup?: SetupUpdate;
  /** Or a complete start-up set-up (e.g. from env); `allowedOrigins` and `setup` apply on top. */
  baseSetup?: SandboxSetup;
  /** Clock for token lifetimes and JWT checks (ms since epoch). */
  now?: () => number;
  /** The URL clients use, when it differs from the listen address (e.g. SANDBOX_URL). */
  publicUrl?: string;
  logger?: Logger;
}

export interface RunningSandbox {
  url: string;
  state: SandboxState;
  credentials: AppCredentials;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('sandbox: unexpected server address'));
      else resolve(address.port);
    });
  });
}

function urlOf(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Empty JSON bodies (e.g. a bare `POST /_sandbox/reset`) parse as undefined instead of failing. */
function lenientJson(app: FastifyInstance): void {
  const strict = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') return done(null, undefined);
    return strict(request, body as string, done);
  });
}

function registerErrorHandling(app: FastifyInstance, logger: Logger | undefined): void {
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(boxApiError(404, 'not_found', `Not Found: ${request.method} ${request.url.split('?')[0]}`));
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      logger?.error({ err: { message: error.message, code: error.code }, path: request.url.split('?')[0] }, 'sandbox: unhandled error');
      return reply.code(500).send(boxApiError(500, 'internal_server_error', 'Internal Server Error'));
    }
    if (request.url.startsWith('/oauth2/')) return reply.code(status).send(oauthError('invalid_request', error.message));
    return reply.code(status).send(boxApiError(status, 'bad_request', error.message));
  });
}

function registerAccessLog(app: FastifyInstance, logger: Logger | undefined): void {
  if (!logger) return;
  // Paths only: query strings may carry access_token.
  app.addHook('onResponse', async (request, reply) => {
    const entry = { method: request.method, path: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (reply.statusCode >= 500) logger.warn(entry, 'sandbox request');
    else logger.debug(entry, 'sandbox request');
  });
}

/** Starts a Box-compatible sandbox server. */
export async function createSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  const base = options.baseSetup ?? defaultSetup(options.allowedOrigins ?? defaultAllowedOrigins(parseSandboxEnv()));
  const setup = applySetup(base, { ...(options.allowedOrigins ? { allowedOrigins: [...options.allowedOrigins] } : {}), ...options.setup });
  const credentials = await loadOrCreateAppCredentials(options.dataDir);
  const state = new SandboxState(options.now, setup);

  // Listen first so the base URL (with the real port) is known while routes are built.
  const server = createServer();
  const port = await listen(server, options.port, host);
  const url = urlOf(host, port);
  const baseUrl = options.publicUrl?.replace(/\/+$/, '') ?? url;

  // Until every route is registered, answer 503 rather than hand requests to a half-built app.
  const starting = (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    response.end(JSON.stringify(boxApiError(503, 'unavailable', 'The sandbox is starting')));
  };
  server.on('request', starting);
  let fastifyHandler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const app = Fastify({
    logger: false,
    serverFactory: (handler) => {
      fastifyHandler = handler;
      return server;
    },
  });
  try {
    lenientJson(app);
    await app.register(formbody);
    registerErrorHandling(app, options.logger);
    registerAccessLog(app, options.logger);
    registerRequestLog(app, state);
    registerPreflightLatency(app, state);
    registerCors(app, () => state.setup.allowedOrigins);
    registerFaultHooks(app, state);
    await app.register(controlRoutes, { state, credentials });
    await app.register(oauthRoutes, {
      state,
      credentials,
      files: () => catalogFiles,
      tokenTtlSeconds,
      ...(options.downscopedTokenTtlSeconds !== undefined ? { downscopedTokenTtlSeconds: options.downscopedTokenTtlSeconds } : {}),
    });
    registerStaticRoutes(app);
    await ensureSampleContent(options.dataDir);
    await app.register(contentRoutes, { state, dataDir: options.dataDir, baseUrl, clientId: credentials.clientId });
    await app.ready();
    if (!fastifyHandler) throw new Error('sandbox: Fastify did not provide a request handler');
    server.off('request', starting);
    server.on('request', fastifyHandler);
  } catch (error) {
    server.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return closing;
  };
  return { url: baseUrl, state, credentials, close };
}
