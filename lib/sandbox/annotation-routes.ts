import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AnnotationStore, authorOf, type Annotation, type Author } from './annotation-store';
import { canEditAnnotations, canViewAllAnnotations, canViewOwnAnnotations } from './content-permissions';
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

/**
 * Annotations under `/2.0/undoc/annotations`: the API Box Preview's annotations
 * (box-annotations, through box-ui-elements' `api/Annotations`) call.
 *
 * Create (`POST`, needs annotation_edit), the body box-ui-elements sends:
 *   { "description": { "type": "reply", "message": "Nice light" },
 *     "file_version": { "type": "file_version", "id": "91001" },
 *     "target": { "type": "point", "location": { "type": "page", "value": 1 }, "x": 12.5, "y": 40 } }
 *   There is no file id in the body: the file is the one whose version this is, and it must
 *   be the file's current version. x and y are percentages (0-100) of the page.
 * Answer (201), as in lists:
 *   { "type": "annotation", "id", "description": { "type": "reply", "message" }, "target", "status": "open",
 *     "file_version": { "type": "file_version", "id" }, "created_by": { "type": "user", "id", "name", "login" },
 *     "modified_by", "created_at", "modified_at", "permissions": { "can_edit", "can_delete" } }
 * List (`GET ?file_id=&file_version_id=&limit=&marker=`): `{ entries, limit, next_marker }`;
 *   annotation_view_all sees every annotation, annotation_view_self only the caller's own.
 * Update (`PUT /:id`, `{ description?, target? }`) and delete (`DELETE /:id`, 204): annotation_edit,
 *   and only by the author (the token's actor if it has one, else its subject).
 */

const PATH = '/2.0/undoc/annotations';
const Id = z.coerce.string().regex(ID_PATTERN);

const Description = z.object({ type: z.literal('reply').optional(), message: z.string().trim().min(1).max(10_000) });
const Target = z.object({
  type: z.literal('point'),
  location: z.object({ type: z.literal('page'), value: z.number().int().min(1).max(100_000) }),
  x: z.number().min(0).max(100),
  y: z.number().min(0).max(100),
});
const FileVersion = z.object({ type: z.literal('file_version').optional(), id: Id });
const CreateBody = z.object({ description: Description, file_version: FileVersion, target: Target });
const UpdateBody = z
  .object({ description: Description.optional(), target: Target.optional() })
  .refine((body) => body.description !== undefined || body.target !== undefined, { path: ['description'] });
const ListQuery = z.object({
  file_id: Id,
  file_version_id: Id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  marker: z.string().regex(/^\d{1,7}$/).optional(),
});

const BODY_LIMIT = 64 * 1024;

function annotationObject(annotation: Annotation, viewer: Author, viewerMayEdit: boolean) {
  const mine = viewerMayEdit && annotation.author.key === viewer.key;
  return {
    type: 'annotation',
    id: annotation.id,
    description: { type: 'reply', message: annotation.message },
    target: annotation.target,
    status: 'open',
    file_version: { type: 'file_version', id: annotation.fileVersionId },
    created_by: annotation.author.user,
    modified_by: annotation.author.user,
    created_at: annotation.createdAt,
    modified_at: annotation.modifiedAt,
    permissions: { can_edit: mine, can_delete: mine },
  };
}

export function registerAnnotationRoutes(app: FastifyInstance, ctx: ContentContext): void {
  const store = new AnnotationStore(() => ctx.state.currentTime());
  ctx.state.onReset(() => store.clear());

  /** For update/delete: the caller may edit, the annotation exists, is on an allowed file and is theirs. */
  function ownAnnotation(token: IssuedToken, id: string, reply: FastifyReply): Annotation | undefined {
    if (!canEditAnnotations(token)) {
      deny(ctx.state, reply);
      return undefined;
    }
    const annotation = ID_PATTERN.test(id) ? store.get(id) : undefined;
    if (!annotation) {
      notFound(reply);
      return undefined;
    }
    if (!allowFile(ctx.state, token, annotation.fileId, reply)) return undefined;
    if (annotation.author.key !== authorOf(token).key) {
      deny(ctx.state, reply, 'Only the author may change this annotation');
      return undefined;
    }
    return annotation;
  }

  app.get(PATH, async (request, reply) => {
    const token = requireToken(ctx.state, request, reply);
    if (!token) return reply;
    const query = parseOr400(ListQuery, queryOf(request), reply);
    if (!query) return reply;
    if (!allowFile(ctx.state, token, query.file_id, reply)) return reply;
    if (!ctx.store.file(query.file_id)) return notFound(reply);
    if (!canViewOwnAnnotations(token)) return deny(ctx.state, reply);
    const viewer = authorOf(token);
    const all = store.list(query.file_id, query.file_version_id);
    const visible = canViewAllAnnotations(token) ? all : all.filter((a) => a.author.key === viewer.key);
    const start = Number(query.marker ?? 0);
    const page = visible.slice(start, start + query.limit);
    const end = start + page.length;
    return reply.send({
      entries: page.map((a) => annotationObject(a, viewer, canEditAnnotations(token))),
      limit: query.limit,
      next_marker: end < visible.length ? String(end) : null,
    });
  });

  app.post(PATH, { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const token = requireToken(ctx.state, request, reply);
    if (!token) return reply;
    if (!canEditAnnotations(token)) return deny(ctx.state, reply);
    const body = parseOr400(CreateBody, request.body, reply);
    if (!body) return reply;
    const file = ctx.store.fileByVersionId(body.file_version.id);
    if (!file) return sendBoxError(reply, 400, 'bad_request', "Bad Request: 'file_version.id' is not a current file version");
    if (!allowFile(ctx.state, token, file.id, reply)) return reply;
    if (body.target.location.value > file.pageCount) {
      return sendBoxError(reply, 400, 'bad_request', "Bad Request: 'target.location.value' is past the last page");
    }
    const author = authorOf(token);
    const created = store.create({
      fileId: file.id,
      fileVersionId: file.versionId,
      message: body.description.message,
      target: body.target,
      author,
    });
    if (!created) return sendBoxError(reply, 400, 'bad_request', 'Bad Request: this file has too many annotations');
    return reply.code(201).send(annotationObject(created, author, true));
  });

  app.put<{ Params: { id: string } }>(`${PATH}/:id`, { bodyLimit: BODY_LIMIT }, async (request, reply) => {
    const token = requireToken(ctx.state, request, reply);
    if (!token) return reply;
    const annotation = ownAnnotation(token, request.params.id, reply);
    if (!annotation) return reply;
    const body = parseOr400(UpdateBody, request.body, reply);
    if (!body) return reply;
    const file = ctx.store.file(annotation.fileId);
    if (body.target && file && body.target.location.value > file.pageCount) {
      return sendBoxError(reply, 400, 'bad_request', "Bad Request: 'target.location.value' is past the last page");
    }
    const updated = store.update(annotation.id, { message: body.description?.message, target: body.target });
    return updated ? reply.send(annotationObject(updated, authorOf(token), true)) : notFound(reply);
  });

  app.delete<{ Params: { id: string } }>(`${PATH}/:id`, async (request, reply) => {
    const token = requireToken(ctx.state, request, reply);
    if (!token) return reply;
    const annotation = ownAnnotation(token, request.params.id, reply);
    if (!annotation) return reply;
    store.delete(annotation.id);
    return reply.code(204).send();
  });
}
