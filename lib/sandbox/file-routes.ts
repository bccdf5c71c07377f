import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fileObject, parseFields } from './box-objects';
import { CONTENT_TYPES, THUMBNAIL_SIZES, originalNameOf, thumbnailNameOf } from './content-layout';
import { canDownload, canPreview } from './content-permissions';
import type { StoredFile } from './content-store';
import { parseRange } from './download-links';
import { placeholderUrl } from './placeholder';
import { parseRepHints } from './rep-hints';
import { FILE_ETAG } from './box-objects';
import {
  ID_PATTERN,
  allowFile,
  deny,
  notFound,
  parseOr400,
  queryOf,
  requireToken,
  sendBoxError,
  type ContentContext,
} from './route-support';
import type { IssuedToken } from './state';

/** `GET /2.0/files/:id`, its download (`/content`) and thumbnails. */

interface FileParams {
  id: string;
}

/** Authenticates and resolves the file, or sends the refusal and returns undefined. */
export function resolveFile(
  ctx: ContentContext,
  request: FastifyRequest,
  reply: FastifyReply,
  fileId: string,
): { token: IssuedToken; file: StoredFile } | undefined {
  const token = requireToken(ctx.state, request, reply);
  if (!token) return undefined;
  if (!ID_PATTERN.test(fileId)) {
    // Box: "405 Returned if the file_id is not in a recognized format".
    sendBoxError(reply, 405, 'method_not_allowed', 'Method Not Allowed');
    return undefined;
  }
  // A restricted token learns nothing about other ids, existing or not: 404 either way.
  if (!allowFile(ctx.state, token, fileId, reply)) return undefined;
  const file = ctx.store.file(fileId);
  if (!file) {
    notFound(reply);
    return undefined;
  }
  return { token, file };
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const thumbnailSide = z.coerce.number().int().min(1).max(100_000).optional();
const ThumbnailQuery = z.object({
  min_height: thumbnailSide,
  min_width: thumbnailSide,
  max_height: thumbnailSide,
  max_width: thumbnailSide,
});

/** The largest Box thumbnail size within the max bounds and at least the min bounds. */
function thumbnailSize(query: z.infer<typeof ThumbnailQuery>): number | undefined {
  const bound = Math.min(query.max_width ?? 320, query.max_height ?? 320);
  const need = Math.max(query.min_width ?? 0, query.min_height ?? 0);
  return [...THUMBNAIL_SIZES].reverse().find((size) => size <= bound && size >= need);
}

function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The item's etag, as `If-None-Match` may quote it. */
export function matchesEtag(request: FastifyRequest, etag: string | null): boolean {
  const header = headerValue(request, 'if-none-match');
  if (header === undefined || etag === null) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim().replace(/^W\//, '');
    return value === '*' || value === etag || value === `"${etag}"`;
  });
}

/** Box's thumbnail retry hint while one is generated. */
export const THUMBNAIL_RETRY_AFTER_SECONDS = 2;

export function registerFileRoutes(app: FastifyInstance, ctx: ContentContext): void {
  app.get<{ Params: FileParams }>('/2.0/files/:id', async (request, reply) => {
    const found = resolveFile(ctx, request, reply, request.params.id);
    if (!found) return reply;
    if (matchesEtag(request, FILE_ETAG)) return reply.code(304).send();
    const object = fileObject(
      { store: ctx.store, baseUrl: ctx.baseUrl(), token: found.token, repHints: parseRepHints(headerValue(request, 'x-rep-hints')) },
      found.file,
      parseFields(queryOf(request)['fields']),
    );
    return reply.send(object);
  });

  app.get<{ Params: FileParams }>('/2.0/files/:id/content', async (request, reply) => {
    const found = resolveFile(ctx, request, reply, request.params.id);
    if (!found) return reply;
    if (!canDownload(found.token)) return deny(ctx.state, reply);
    // Box never serves the bytes here: 302 to a short-lived download URL.
    return reply.code(302).header('location', ctx.downloads.issue(ctx.baseUrl(), found.file.id)).header('cache-control', 'no-store').send();
  });

  app.get<{ Params: { ticket: string } }>('/d/1/:ticket/download', async (request, reply) => {
    const fileId = ctx.downloads.resolve(request.params.ticket);
    const file = fileId === undefined ? undefined : ctx.store.file(fileId);
    if (!file) return notFound(reply);
    const bytes = await readFile(ctx.store.pathOf(file, originalNameOf(file.sample)));
    reply
      .header('content-type', CONTENT_TYPES[file.format])
      .header('content-disposition', attachmentDisposition(file.name))
      .header('accept-ranges', 'bytes')
      .header('cache-control', 'no-store');
    const range = parseRange(headerValue(request, 'range'), bytes.length);
    if (range === 'unsatisfiable') {
      return reply.code(416).header('content-range', `bytes */${bytes.length}`).send();
    }
    if (range) {
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${bytes.length}`)
        .send(bytes.subarray(range.start, range.end + 1));
    }
    return reply.send(bytes);
  });

  for (const format of ['png', 'jpg'] as const) {
    app.get<{ Params: FileParams }>(`/2.0/files/:id/thumbnail.${format}`, async (request, reply) => {
      const found = resolveFile(ctx, request, reply, request.params.id);
      if (!found) return reply;
      if (!canPreview(found.token)) return deny(ctx.state, reply);
      const query = parseOr400(ThumbnailQuery, queryOf(request), reply);
      if (!query) return reply;
      const size = thumbnailSize(query);
      if (size === undefined) {
        return sendBoxError(reply, 400, 'requested_preview_unavailable', 'Bad Request: no thumbnail size fits the requested bounds');
      }
      const thumbnailState = ctx.state.setup.thumbnails[found.file.id] ?? 'ready';
      if (thumbnailState === 'pending') {
        return reply
          .code(202)
          .header('location', placeholderUrl(ctx.baseUrl()))
          .header('retry-after', String(THUMBNAIL_RETRY_AFTER_SECONDS))
          .header('cache-control', 'no-store')
          .send();
      }
      if (thumbnailState === 'placeholder') {
        return reply.code(302).header('location', placeholderUrl(ctx.baseUrl())).header('cache-control', 'no-store').send();
      }
      const bytes = await readFile(ctx.store.pathOf(found.file, thumbnailNameOf(format, size)));
      return reply.header('content-type', CONTENT_TYPES[format]).header('cache-control', 'no-store').send(bytes);
    });
  }
}
