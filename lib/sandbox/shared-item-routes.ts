import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { fileObject, parseFields } from './box-objects';
import { findFileBySharedLink, sharedLinkPasswordOf } from './content-lookup';
import { withinRestriction } from './visibility';
import { deny, notFound, queryOf, requireToken, sendBoxError, type ContentContext } from './route-support';

/** `GET /2.0/shared_items` with `BoxApi: shared_link=<url>[&shared_link_password=<pw>]`. */

function samePassword(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function registerSharedItemRoutes(app: FastifyInstance, ctx: ContentContext): void {
  app.get('/2.0/shared_items', async (request, reply) => {
    const token = requireToken(ctx.state, request, reply);
    if (!token) return reply;
    const header = request.headers['boxapi'];
    const params = new URLSearchParams(Array.isArray(header) ? header[0] : (header ?? ''));
    const link = params.get('shared_link');
    if (!link) return sendBoxError(reply, 400, 'bad_request', "Bad Request: the BoxApi header needs 'shared_link'");
    const match = findFileBySharedLink(link);
    if (!match) return notFound(reply);
    // A shared link opens its file to anyone with the link, collaborated or not; a restricted token still stays within its restriction.
    if (!withinRestriction(token, match.file.id)) {
      ctx.state.stats.api -= 1;
      ctx.state.stats.rejected += 1;
      return notFound(reply);
    }
    const expected = sharedLinkPasswordOf(match.file.id);
    const given = params.get('shared_link_password');
    if (expected !== undefined && (given === null || !samePassword(given, expected))) {
      return deny(ctx.state, reply, 'Incorrect Shared Item Password', 'incorrect_shared_item_password');
    }
    const file = ctx.store.file(match.file.id);
    if (!file) return notFound(reply);
    const objectContext = { store: ctx.store, baseUrl: ctx.baseUrl(), token };
    return reply.send(fileObject(objectContext, file, parseFields(queryOf(request)['fields'])));
  });
}
