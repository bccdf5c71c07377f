import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { authenticate, authorizeFile } from './authenticate';
import { boxApiError } from './box-errors';
import type { ContentStore } from './content-store';
import type { DownloadLinks } from './download-links';
import type { IssuedToken, SandboxState } from './state';

/**
 * What every content route does first: find the token, check it may touch a
 * file, refuse in Box's error shape. Refusals after authentication move the
 * call from `stats.api` to `stats.rejected`, as `authorizeFile` does.
 */
export function sendBoxError(reply: FastifyReply, status: number, code: string, message: string, contextInfo?: Record<string, unknown>): FastifyReply {
  return reply.code(status).type('application/json').send(boxApiError(status, code, message, contextInfo));
}

export function queryOf(request: FastifyRequest): Record<string, unknown> {
  return (request.query ?? {}) as Record<string, unknown>;
}

/** The caller's active token, or undefined after a 401 has been sent. */
export function requireToken(state: SandboxState, request: FastifyRequest, reply: FastifyReply): IssuedToken | undefined {
  const result = authenticate(state, request.headers, queryOf(request));
  if (result.ok) return result.token;
  void reply.code(result.status).header('www-authenticate', 'Bearer realm="Service"').send(result.body);
  return undefined;
}

/** True when the token may use the file; otherwise a 404 has been sent. */
export function allowFile(state: SandboxState, token: IssuedToken, fileId: string, reply: FastifyReply): boolean {
  const refusal = authorizeFile(state, token, fileId);
  if (!refusal) return true;
  if (!refusal.ok) void reply.code(refusal.status).send(refusal.body);
  return false;
}

/** Refuses an authenticated call (missing scope, another author's annotation, ...). */
export function deny(
  state: SandboxState,
  reply: FastifyReply,
  message = 'Access denied - insufficient permission',
  code = 'access_denied_insufficient_permissions',
): FastifyReply {
  state.stats.api -= 1;
  state.stats.rejected += 1;
  return sendBoxError(reply, 403, code, message);
}

export function notFound(reply: FastifyReply, message = 'Not Found'): FastifyReply {
  return sendBoxError(reply, 404, 'not_found', message);
}

/** Parses with zod; on failure sends Box's 400 naming the first bad field, never echoing values. */
export function parseOr400<T extends z.ZodType>(schema: T, input: unknown, reply: FastifyReply): z.infer<T> | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `'${issue.path.join('.')}'` : 'the request';
  void sendBoxError(reply, 400, 'bad_request', `Bad Request: invalid value for ${where}`);
  return undefined;
}

/** Box ids are digit strings. */
export const ID_PATTERN = /^\d{1,20}$/;

/** What the content route modules share. */
export interface ContentContext {
  state: SandboxState;
  store: ContentStore;
  /** The sandbox's public base URL (known only once it listens, hence a function). */
  baseUrl: () => string;
  /** Short-lived download URLs that `/content` redirects to. */
  downloads: DownloadLinks;
}
