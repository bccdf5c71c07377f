import type { FastifyInstance } from 'fastify';
import { requireToken, type ContentContext } from './route-support';

/**
 * `GET /2.0/users/me`: who the token acts as. A token for the enterprise is
 * the app's service account, whose login (AutomationUser_…@boxdevedition.com)
 * is what an admin collaborates on folders; a user token is that user.
 */
export const SERVICE_ACCOUNT_ID = '30001';

export function serviceAccountLoginOf(clientId: string): string {
  return `AutomationUser_${SERVICE_ACCOUNT_ID}_${clientId.slice(0, 10)}@boxdevedition.com`;
}

export function registerUserRoutes(app: FastifyInstance, ctx: ContentContext, clientId: string): void {
  app.get('/2.0/users/me', async (request, reply) => {
    const token = requireToken(ctx.state, request, reply);
    if (!token) return reply;
    const user =
      token.subject.type === 'enterprise'
        ? { id: SERVICE_ACCOUNT_ID, name: 'Easel Sandbox Service Account', login: serviceAccountLoginOf(clientId) }
        : { id: token.subject.id, name: `Sandbox User ${token.subject.id}`, login: `user${token.subject.id}@easel.example` };
    return reply.send({ type: 'user', ...user, status: 'active', created_at: '2024-05-01T09:00:00-07:00', modified_at: '2024-05-01T09:00:00-07:00' });
  });
}
