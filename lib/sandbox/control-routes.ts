import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppCredentials } from './app-credentials';
import { boxApiError } from './box-errors';
import { SetupUpdateSchema } from './setup';
import type { SandboxState } from './state';

const FaultsSchema = z
  .object({
    expireTokens: z.boolean().optional(),
    revokeTokens: z.boolean().optional(),
    respond: z
      .object({
        status: z.number().int().min(400).max(599),
        count: z.number().int().min(1).max(10_000).default(1),
        path: z.string().startsWith('/').max(512),
        retryAfter: z.number().int().min(0).max(86_400).optional(),
      })
      .strict()
      .optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    unrestrictedExchange: z.boolean().optional(),
  })
  .strict();

const IntrospectSchema = z.object({ token: z.string().min(1).max(4096) }).strict();

function badRequest(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const detail = error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return reply.code(400).send(boxApiError(400, 'bad_request', `Invalid sandbox control request: ${detail}`));
}

export interface ControlRoutesOptions {
  state: SandboxState;
  credentials: AppCredentials;
}

/** Test controls under `/_sandbox/`; they exist only on the sandbox, never in the app. */
export async function controlRoutes(app: FastifyInstance, { state, credentials }: ControlRoutesOptions): Promise<void> {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.get('/_sandbox/health', async () => ({ status: 'ok' }));

  app.get('/_sandbox/app-config', async () => credentials.config);

  app.get('/_sandbox/stats', async () => state.stats);

  app.post('/_sandbox/reset', async () => {
    state.reset();
    return { status: 'ok' };
  });

  app.post('/_sandbox/faults', async (request, reply) => {
    const parsed = FaultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error);
    const faults = parsed.data;
    if (faults.expireTokens) state.expireAll();
    if (faults.revokeTokens) state.revokeAll();
    if (faults.respond) {
      const { status, count, path, retryAfter } = faults.respond;
      state.faults.respond = { status, remaining: count, path, ...(retryAfter !== undefined ? { retryAfter } : {}) };
    }
    if (faults.latencyMs !== undefined) state.faults.latencyMs = faults.latencyMs;
    if (faults.unrestrictedExchange !== undefined) state.faults.unrestrictedExchange = faults.unrestrictedExchange;
    return { status: 'ok', faults: state.faults };
  });

  // The Box app's set-up (authorization, scopes, collaborations, CORS domains, thumbnail states).
  app.get('/_sandbox/setup', async () => state.setup);

  app.post('/_sandbox/setup', async (request, reply) => {
    const parsed = SetupUpdateSchema.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error);
    return { status: 'ok', setup: state.updateSetup(parsed.data) };
  });

  app.post('/_sandbox/introspect', async (request, reply) => {
    const parsed = IntrospectSchema.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error);
    const record = state.lookup(parsed.data.token);
    if (!record) return { active: false, scopes: [], restrictedTo: [], expiresAt: null };
    return {
      active: state.isActive(record),
      kind: record.kind,
      scopes: record.scopes,
      restrictedTo: record.restrictedTo,
      ...(record.restrictedFolders ? { restrictedFolders: record.restrictedFolders } : {}),
      expiresAt: new Date(record.expiresAt).toISOString(),
      revoked: record.revoked,
      subject: record.subject,
      ...(record.actor ? { actor: record.actor } : {}),
      ...(record.sharedLink ? { sharedLink: record.sharedLink } : {}),
    };
  });
}
