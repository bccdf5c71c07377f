import type { FastifyError, FastifyInstance } from 'fastify';
import { registerAnnotationRoutes } from './annotation-routes';
import { ContentStore } from './content-store';
import { DownloadLinks } from './download-links';
import { registerEventRoutes } from './event-routes';
import { registerFileRoutes } from './file-routes';
import { registerFolderRoutes } from './folder-routes';
import { registerRepresentationRoutes } from './representation-routes';
import { sendBoxError, type ContentContext } from './route-support';
import { registerSharedItemRoutes } from './shared-item-routes';
import { registerUserRoutes } from './user-routes';
import type { SandboxState } from './state';

/**
 * The sandbox's content API (files, representations, thumbnails, folders,
 * shared items, annotations, events). Generates the sample content on first
 * use. Client errors Fastify raises itself (bad JSON, body too large) get Box's
 * shape here, without echoing parser messages; anything else goes to the
 * server's handler.
 */
export interface ContentRoutesOptions {
  state: SandboxState;
  dataDir: string;
  /** A function when the port is only known after listen (port 0 in tests). */
  baseUrl: string | (() => string);
  /** The app's client id (the service account's login is derived from it). */
  clientId: string;
}

const CLIENT_ERRORS: Record<number, [code: string, message: string]> = {
  413: ['request_entity_too_large', 'Request Entity Too Large'],
  415: ['unsupported_media_type', 'Unsupported Media Type'],
};

export async function contentRoutes(app: FastifyInstance, opts: ContentRoutesOptions): Promise<void> {
  const store = await ContentStore.load(opts.dataDir);
  const baseUrl = opts.baseUrl;
  const downloads = new DownloadLinks(() => opts.state.currentTime());
  opts.state.onReset(() => downloads.clear());
  const ctx: ContentContext = {
    state: opts.state,
    store,
    downloads,
    baseUrl: () => (typeof baseUrl === 'function' ? baseUrl() : baseUrl).replace(/\/+$/, ''),
  };

  await app.register(async (scope) => {
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const [code, message] = CLIENT_ERRORS[status] ?? ['bad_request', 'Bad Request: the request could not be read'];
        return sendBoxError(reply, status, code, message);
      }
      // The server's own handler logs it and answers 500 in Box's shape.
      throw error;
    });
    registerFileRoutes(scope, ctx);
    registerRepresentationRoutes(scope, ctx);
    registerFolderRoutes(scope, ctx);
    registerSharedItemRoutes(scope, ctx);
    registerAnnotationRoutes(scope, ctx);
    registerEventRoutes(scope, ctx);
    registerUserRoutes(scope, ctx, opts.clientId);
  });
}
