import { createPublicKey } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppCredentials } from './app-credentials';
import { ccgSubject } from './ccg-grant';
import { assertClient } from './client-auth';
import { verifyJwtAssertion } from './jwt-grant';
import { OAuthFailure, invalidRequest, unauthorizedClient } from './oauth-failure';
import type { SandboxFiles } from './sandbox-files';
import type { IssuedToken, SandboxState } from './state';
import { exchangeToken } from './token-exchange';
import { mintToken } from './token-mint';

const BOX_API_ORIGIN = 'https://api.box.com';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

export interface OAuthRoutesOptions {
  state: SandboxState;
  credentials: AppCredentials;
  files: () => SandboxFiles;
  tokenTtlSeconds: number;
  /** Fixed lifetime of downscoped tokens; unset, each gets a varying one as on Box. */
  downscopedTokenTtlSeconds?: number;
}

/** Box's downscoped tokens live a little over an hour, varying per token (its guide's example: 4175 s). */
export const DOWNSCOPED_TTL_RANGE_SECONDS = [4000, 4300] as const;

export function variedDownscopedTtl(random: () => number = Math.random): number {
  const [low, high] = DOWNSCOPED_TTL_RANGE_SECONDS;
  return low + Math.floor(random() * (high - low + 1));
}

const FormSchema = z.record(z.string(), z.string().max(16_384));
type Form = Record<string, string | undefined>;

function parseForm(body: unknown): Form {
  const parsed = FormSchema.safeParse(body ?? {});
  if (!parsed.success) throw invalidRequest('The request body must be a form with one value per parameter');
  return parsed.data;
}

function sendFailure(reply: FastifyReply, state: SandboxState, error: unknown): FastifyReply {
  if (!(error instanceof OAuthFailure)) throw error;
  state.stats.rejected += 1;
  return reply.code(error.status).header('cache-control', 'no-store').send(error.body);
}

function parentToken(options: OAuthRoutesOptions, subject: IssuedToken['subject']) {
  // Box refuses the grant itself for an app the admin has not authorized.
  if (!options.state.setup.appAuthorized) throw unauthorizedClient();
  const scopes = [...options.state.setup.appScopes];
  const { accessToken } = mintToken(
    options.state,
    { kind: 'parent', scopes, restrictedTo: [], subject },
    options.tokenTtlSeconds,
  );
  return { access_token: accessToken, expires_in: options.tokenTtlSeconds, restricted_to: [], token_type: 'bearer' as const };
}

/** Box's OAuth 2.0 endpoints: `POST /oauth2/token` (JWT, CCG, token exchange) and `POST /oauth2/revoke`. */
export async function oauthRoutes(app: FastifyInstance, options: OAuthRoutesOptions): Promise<void> {
  const { state, credentials } = options;
  const publicKey = createPublicKey(credentials.publicKeyPem);
  // Box accepts only its own token URL as `aud`, wherever the request is sent.
  const audiences = [`${BOX_API_ORIGIN}/oauth2/token`];
  const useJwtId = (jti: string, expiresAtMs: number) => state.useJwtId(jti, expiresAtMs);
  const ttl = options.downscopedTokenTtlSeconds;

  app.post('/oauth2/token', async (request, reply) => {
    try {
      const form = parseForm(request.body);
      reply.header('cache-control', 'no-store');
      switch (form['grant_type']) {
        case JWT_BEARER_GRANT: {
          assertClient(credentials, form['client_id'], form['client_secret']);
          const subject = await verifyJwtAssertion(form['assertion'], {
            credentials,
            publicKey,
            audiences,
            nowMs: state.currentTime(),
            useJwtId,
          });
          state.stats.grants.jwt += 1;
          return parentToken(options, subject);
        }
        case 'client_credentials': {
          assertClient(credentials, form['client_id'], form['client_secret']);
          const subject = ccgSubject(credentials, form['box_subject_type'], form['box_subject_id']);
          state.stats.grants.ccg += 1;
          return parentToken(options, subject);
        }
        case TOKEN_EXCHANGE_GRANT:
          return await exchangeToken(form, {
            state,
            files: options.files(),
            ttlSeconds: () => ttl ?? variedDownscopedTtl(),
            jwt: { credentials, publicKey, audiences, useJwtId },
          });
        default:
          throw new OAuthFailure(400, 'unsupported_grant_type', 'Invalid grant_type parameter or parameter missing');
      }
    } catch (error) {
      return sendFailure(reply, state, error);
    }
  });

  app.post('/oauth2/revoke', async (request, reply) => {
    try {
      const form = parseForm(request.body);
      assertClient(credentials, form['client_id'], form['client_secret']);
      const token = form['token'];
      if (!token) throw invalidRequest('The token parameter is required');
      // Box answers 200 for unknown tokens too; only real revocations count.
      if (state.revoke(token)) state.stats.revocations += 1;
      return reply.code(200).header('cache-control', 'no-store').send('');
    } catch (error) {
      return sendFailure(reply, state, error);
    }
  });
}
