import type { FastifyInstance } from 'fastify';
import { PLACEHOLDER_THUMBNAIL_PATH, placeholderThumbnail } from './placeholder';

/**
 * Box's static placeholder graphics (on Box, cdn01.boxcdn.net): where a 202
 * or 302 thumbnail answer's `Location` points. Public, no token.
 */
export function registerStaticRoutes(app: FastifyInstance): void {
  app.get(PLACEHOLDER_THUMBNAIL_PATH, async (_request, reply) => {
    return reply
      .header('content-type', 'image/png')
      .header('cache-control', 'public, max-age=86400')
      .send(await placeholderThumbnail());
  });
}
