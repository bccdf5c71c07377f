import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { representationEntry } from './box-objects';
import type { RepresentationSpec } from './content-layout';
import { canPreview } from './content-permissions';
import type { StoredFile } from './content-store';
import { resolveFile } from './file-routes';
import { deny, notFound, type ContentContext } from './route-support';

/**
 * Representation status (`info.url`) and bytes (`content.url_template`).
 * Preview loads the bytes with `?access_token=` since an <img> can't send
 * headers; `authenticate` accepts either.
 */
interface RepParams {
  fileId: string;
  versionId: string;
  repKey: string;
  '*'?: string;
}

const BASE = '/2.0/internal_files/:fileId/versions/:versionId/representations/:repKey';

function resolveRepresentation(
  ctx: ContentContext,
  request: FastifyRequest<{ Params: RepParams }>,
  reply: FastifyReply,
): { file: StoredFile; rep: RepresentationSpec } | undefined {
  const { fileId, versionId, repKey } = request.params;
  const found = resolveFile(ctx, request, reply, fileId);
  if (!found) return undefined;
  if (!canPreview(found.token)) {
    deny(ctx.state, reply);
    return undefined;
  }
  const rep = found.file.representations.find((candidate) => candidate.key === repKey);
  if (versionId !== found.file.versionId || !rep) {
    notFound(reply);
    return undefined;
  }
  return { file: found.file, rep };
}

export function registerRepresentationRoutes(app: FastifyInstance, ctx: ContentContext): void {
  app.get<{ Params: RepParams }>(BASE, async (request, reply) => {
    const resolved = resolveRepresentation(ctx, request, reply);
    if (!resolved) return reply;
    return reply.send(representationEntry(ctx.baseUrl(), resolved.file, resolved.rep));
  });

  app.get<{ Params: RepParams }>(`${BASE}/content/*`, async (request, reply) => {
    const resolved = resolveRepresentation(ctx, request, reply);
    if (!resolved) return reply;
    const assetPath = request.params['*'] ?? '';
    if (!resolved.rep.assetPaths.includes(assetPath)) return notFound(reply);
    const bytes = await readFile(ctx.store.pathOf(resolved.file, resolved.rep.fileName));
    return reply.header('content-type', resolved.rep.contentType).header('cache-control', 'no-store').send(bytes);
  });
}
