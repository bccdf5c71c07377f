import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeMarker, folderObject, itemPage, parseFields, type ObjectContext, type PageRequest, type SortField } from './box-objects';
import { canBrowse } from './content-permissions';
import type { StoredFolder, StoredItem } from './content-store';
import { matchesEtag } from './file-routes';
import { ID_PATTERN, deny, notFound, queryOf, requireToken, sendBoxError, type ContentContext } from './route-support';
import type { IssuedToken } from './state';
import { tokenSeesFile, tokenSeesFolder } from './visibility';

/**
 * `GET /2.0/folders/:id` and `/items`. A token restricted to files never
 * lists folders (404, as for any item it can't see): that is how a page's
 * file token stays a file token. Folders the service account is not
 * collaborated on are not found, and listings leave them out.
 */
interface FolderParams {
  id: string;
}

/** Box's most items per page; a larger `limit` is lowered to it. */
export const MAX_ITEMS_LIMIT = 1000;
/**
 * The highest `offset` answered; past it, marker paging is the only way on.
 * Box's spec says only that offset paging "may fail for large datasets" and
 * points to `usemarker`; Box has refused offsets past a fixed maximum on this
 * endpoint (100 000, later 300 000) and caps search at 10 000. The sandbox
 * holds the strictest of these, so code that pages deep by offset fails here
 * before it fails on Box.
 */
export const MAX_ITEMS_OFFSET = 10_000;
const SORT_FIELDS: readonly SortField[] = ['id', 'name', 'date', 'size'];

function resolveFolder(
  ctx: ContentContext,
  request: FastifyRequest<{ Params: FolderParams }>,
  reply: FastifyReply,
): { token: IssuedToken; folder: StoredFolder } | undefined {
  const token = requireToken(ctx.state, request, reply);
  if (!token) return undefined;
  if (!ID_PATTERN.test(request.params.id)) {
    // Box: "405 Returned if the folder_id is not in a recognized format".
    void sendBoxError(reply, 405, 'method_not_allowed', 'Method Not Allowed');
    return undefined;
  }
  const folder = ctx.store.folder(request.params.id);
  if (!folder || !tokenSeesFolder(ctx.state.setup, token, folder.id)) {
    ctx.state.stats.api -= 1;
    ctx.state.stats.rejected += 1;
    notFound(reply);
    return undefined;
  }
  if (!canBrowse(token)) {
    deny(ctx.state, reply);
    return undefined;
  }
  return { token, folder };
}

function objectContextOf(ctx: ContentContext, token: IssuedToken): ObjectContext {
  const setup = ctx.state.setup;
  const sees = (item: StoredItem) => (item.type === 'file' ? tokenSeesFile(setup, token, item.id) : tokenSeesFolder(setup, token, item.id));
  return { store: ctx.store, baseUrl: ctx.baseUrl(), token, sees };
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/** Reads Box's paging and sorting parameters, or sends Box's 400 and returns undefined. */
function pageRequestOf(request: FastifyRequest, reply: FastifyReply): PageRequest | undefined {
  const query = queryOf(request);
  const rawOffset = single(query['offset']);
  const rawLimit = single(query['limit']);
  if (rawOffset !== undefined && !/^\d{1,15}$/.test(rawOffset)) {
    void sendBoxError(reply, 400, 'invalid_offset', 'Invalid value for offset: it must be a whole number of 0 or more');
    return undefined;
  }
  if (rawOffset !== undefined && Number(rawOffset) > MAX_ITEMS_OFFSET) {
    // Box's body for an offset past its maximum: a generic 400 naming the parameter in context_info.
    void sendBoxError(reply, 400, 'bad_request', 'Bad Request', {
      errors: [{ reason: 'invalid_parameter', name: 'offset', message: `Invalid value '${rawOffset}'. The offset must not exceed the maximum offset of ${MAX_ITEMS_OFFSET}` }],
    });
    return undefined;
  }
  if (rawLimit !== undefined && (!/^\d{1,15}$/.test(rawLimit) || Number(rawLimit) < 1)) {
    void sendBoxError(reply, 400, 'invalid_limit', 'Invalid value for limit: it must be a whole number of 1 or more');
    return undefined;
  }
  const sort = single(query['sort']);
  if (sort !== undefined && !SORT_FIELDS.includes(sort as SortField)) {
    void sendBoxError(reply, 400, 'bad_request', "Bad Request: 'sort' must be one of id, name, date, size");
    return undefined;
  }
  const direction = single(query['direction'])?.toUpperCase();
  if (direction !== undefined && direction !== 'ASC' && direction !== 'DESC') {
    void sendBoxError(reply, 400, 'bad_request', "Bad Request: 'direction' must be ASC or DESC");
    return undefined;
  }
  const page: PageRequest = {
    offset: rawOffset === undefined ? 0 : Number(rawOffset),
    limit: Math.min(rawLimit === undefined ? 100 : Number(rawLimit), MAX_ITEMS_LIMIT),
    ...(sort ? { sort: sort as SortField } : {}),
    ...(direction ? { direction } : {}),
  };
  const fields = parseFields(query['fields']);
  if (fields) page.fields = fields;
  if (single(query['usemarker']) === 'true') {
    const marker = single(query['marker']);
    const start = marker === undefined || marker === '' ? 0 : decodeMarker(marker);
    if (start === undefined) {
      void sendBoxError(reply, 400, 'bad_request', "Bad Request: 'marker' is not a marker this endpoint returned");
      return undefined;
    }
    page.marker = { start };
  }
  return page;
}

export function registerFolderRoutes(app: FastifyInstance, ctx: ContentContext): void {
  app.get<{ Params: FolderParams }>('/2.0/folders/:id', async (request, reply) => {
    const found = resolveFolder(ctx, request, reply);
    if (!found) return reply;
    const object = folderObject(objectContextOf(ctx, found.token), found.folder, parseFields(queryOf(request)['fields']));
    if (matchesEtag(request, typeof object['etag'] === 'string' ? object['etag'] : null)) return reply.code(304).send();
    return reply.send(object);
  });

  app.get<{ Params: FolderParams }>('/2.0/folders/:id/items', async (request, reply) => {
    const found = resolveFolder(ctx, request, reply);
    if (!found) return reply;
    const page = pageRequestOf(request, reply);
    if (!page) return reply;
    return reply.send(itemPage(objectContextOf(ctx, found.token), found.folder, page));
  });
}
