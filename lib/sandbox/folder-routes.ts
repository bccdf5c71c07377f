import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { folderObject, itemPage, parseFields } from './box-objects';
import { canBrowse } from './content-permissions';
import type { StoredFolder } from './content-store';
import { ID_PATTERN, deny, notFound, parseOr400, queryOf, requireToken, type ContentContext } from './route-support';
import type { IssuedToken } from './state';

/**
 * `GET /2.0/folders/:id` and `/items`. A token restricted to files never
 * lists folders: that is how a page's file token stays a file token.
 */
interface FolderParams {
  id: string;
}

const ItemsQuery = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

function resolveFolder(
  ctx: ContentContext,
  request: FastifyRequest<{ Params: FolderParams }>,
  reply: FastifyReply,
): { token: IssuedToken; folder: StoredFolder } | undefined {
  const token = requireToken(ctx.state, request, reply);
  if (!token) return undefined;
  if (token.restrictedTo.length > 0 || !canBrowse(token)) {
    deny(ctx.state, reply);
    return undefined;
  }
  const folder = ID_PATTERN.test(request.params.id) ? ctx.store.folder(request.params.id) : undefined;
  if (!folder) {
    notFound(reply);
    return undefined;
  }
  return { token, folder };
}

export function registerFolderRoutes(app: FastifyInstance, ctx: ContentContext): void {
  app.get<{ Params: FolderParams }>('/2.0/folders/:id', async (request, reply) => {
    const found = resolveFolder(ctx, request, reply);
    if (!found) return reply;
    const objectContext = { store: ctx.store, baseUrl: ctx.baseUrl(), token: found.token };
    return reply.send(folderObject(objectContext, found.folder, parseFields(queryOf(request)['fields'])));
  });

  app.get<{ Params: FolderParams }>('/2.0/folders/:id/items', async (request, reply) => {
    const found = resolveFolder(ctx, request, reply);
    if (!found) return reply;
    const query = queryOf(request);
    const page = parseOr400(ItemsQuery, { offset: query['offset'], limit: query['limit'] }, reply);
    if (!page) return reply;
    const objectContext = { store: ctx.store, baseUrl: ctx.baseUrl(), token: found.token };
    return reply.send(itemPage(objectContext, found.folder, { ...page, fields: parseFields(query['fields']) }));
  });
}
