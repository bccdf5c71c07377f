import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { allowFile, parseOr400, requireToken, type ContentContext } from './route-support';

/**
 * `POST /2.0/events`: Preview reports views here. The sandbox checks the
 * token and the shape, then forgets the event (204).
 */
const EventBody = z.object({
  event_type: z.string().min(1).max(100),
  source: z.object({ type: z.string().max(50), id: z.coerce.string().max(40) }).optional(),
});

export function registerEventRoutes(app: FastifyInstance, ctx: ContentContext): void {
  app.post('/2.0/events', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const token = requireToken(ctx.state, request, reply);
    if (!token) return reply;
    const body = parseOr400(EventBody, request.body, reply);
    if (!body) return reply;
    if (body.source?.type === 'file' && !allowFile(ctx.state, token, body.source.id, reply)) return reply;
    return reply.code(204).send();
  });
}
