import 'server-only';
import type { PostOAuth2Token } from 'box-node-sdk/schemas';
import { ApiError } from '../http/api-error';
import { log } from '../log';
import { ID_TOKEN_TYPE } from './actor-token';
import { timeBoxCall } from '../metrics/registry';
import type { BoxConnection } from './connection';
import { revokeAtBox } from './revoke';
import type { DownscopedToken, DownscopeRequest } from './types';
import { boxUnavailable, describeBoxFailure, isBoxUnavailable, toApiError, type BoxFailure } from './upstream-error';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * What Box wants as `resource`: the file's URL on https://api.box.com, the only
 * form Box accepts, whatever base URL the API calls themselves use.
 */
export function fileResourceUrl(fileId: string): string {
  return `https://api.box.com/2.0/files/${fileId}`;
}

function isRejectedSubject(failure: BoxFailure | undefined): boolean {
  if (!failure) return false;
  // 401 invalid_scope: the app lacks a scope. A new parent token would lack it too.
  if (failure.status === 401) return failure.oauthError !== 'invalid_scope';
  return failure.status === 400 && failure.oauthError === 'invalid_grant' && (!failure.description || /subject/i.test(failure.description));
}

interface ExchangeAnswer {
  accessToken: unknown;
  expiresIn: unknown;
  restrictedTo: unknown;
}

async function exchange(connection: BoxConnection, subjectToken: string, request: DownscopeRequest): Promise<ExchangeAnswer> {
  const body: PostOAuth2Token = {
    grantType: TOKEN_EXCHANGE,
    subjectToken,
    subjectTokenType: ACCESS_TOKEN_TYPE,
    scope: request.scopes.join(' '),
    resource: fileResourceUrl(request.fileId),
    ...(request.actor ? { actorToken: await connection.actorToken(request.actor), actorTokenType: ID_TOKEN_TYPE } : {}),
  };
  const answer = await timeBoxCall('exchange', () => connection.oauth.requestAccessToken(body));
  // Read the wire answer, not the SDK's typed copy: the check must see exactly what Box sent.
  const raw = (answer.rawData ?? {}) as Record<string, unknown>;
  return { accessToken: raw['access_token'], expiresIn: raw['expires_in'], restrictedTo: raw['restricted_to'] };
}

/** The scopes of `restrictedTo` when it limits the token to exactly this file and the asked scopes; else undefined. */
export function verifiedScopes(restrictedTo: unknown, fileId: string, asked: readonly string[]): string[] | undefined {
  if (!Array.isArray(restrictedTo) || restrictedTo.length === 0) return undefined;
  const granted = new Set<string>();
  for (const entry of restrictedTo as unknown[]) {
    if (!entry || typeof entry !== 'object') return undefined;
    const { scope, object } = entry as { scope?: unknown; object?: unknown };
    if (typeof scope !== 'string' || !asked.includes(scope)) return undefined;
    if (!object || typeof object !== 'object') return undefined;
    const { type, id } = object as { type?: unknown; id?: unknown };
    if (type !== 'file' || String(id) !== fileId) return undefined;
    granted.add(scope);
  }
  return [...granted];
}

async function refuseBroadToken(connection: BoxConnection, request: DownscopeRequest, answer: ExchangeAnswer): Promise<never> {
  const objects = Array.isArray(answer.restrictedTo)
    ? (answer.restrictedTo as Array<{ scope?: unknown; object?: { type?: unknown; id?: unknown } }>).map((entry) => ({
        scope: entry?.scope,
        type: entry?.object?.type,
        id: entry?.object?.id,
      }))
    : answer.restrictedTo === undefined
      ? 'missing'
      : 'not a list';
  log.error(
    { event: 'security.token_scope_violation', requestId: request.requestId, fileId: request.fileId, askedScopes: request.scopes, restrictedTo: objects },
    'Box minted a token broader than asked; refused, revoking it',
  );
  if (typeof answer.accessToken === 'string') {
    await revokeAtBox(connection, answer.accessToken).catch(() => {
      log.error({ event: 'security.token_scope_violation.revoke_failed', requestId: request.requestId, fileId: request.fileId }, 'could not revoke the refused token');
    });
  }
  throw new ApiError('upstream:token_scope', 'Box returned a token that is not limited to this file. It was refused.');
}

/** Set-up problems are logged at error level once per process and kind, not once per visitor. */
const reportedSetupProblems = new Set<string>();

function reportSetupProblemOnce(key: string, fields: Record<string, unknown>, message: string): void {
  if (reportedSetupProblems.has(key)) return;
  reportedSetupProblems.add(key);
  log.error(fields, message);
}

/**
 * Box's answers that mean the Box app is set up wrong rather than that
 * anything is wrong with the request: a scope the app lacks (401
 * invalid_scope; refreshing the parent token would not help) and a file the
 * service account can't see (400 invalid_resource: it is not collaborated on
 * the file's folder). The first is a configuration error; the second a 404 to
 * the visitor. Both tell the operator what to fix.
 */
function setupFailure(failure: BoxFailure, request: DownscopeRequest): ApiError | undefined {
  if (failure.oauthError === 'invalid_scope') {
    reportSetupProblemOnce(
      `scope|${[...request.scopes].sort().join(' ')}`,
      { event: 'box.setup.scope_missing', scopes: request.scopes, boxRequestId: failure.boxRequestId, description: failure.description },
      `The Box app lacks a scope Easel asks for (${request.scopes.join(' ')}): enable it under Application Scopes in the Box Developer Console and have an admin re-authorize the app, or narrow EASEL_ROLE_SCOPES. Run npm run box:check.`,
    );
    return new ApiError('upstream:box_scope_missing', "Easel's Box app is not allowed to open files this way yet. The site's operator needs to fix its Box set-up.");
  }
  if (failure.oauthError === 'invalid_resource') {
    reportSetupProblemOnce(
      `resource|${request.fileId}`,
      { event: 'box.setup.file_not_visible', fileId: request.fileId, boxRequestId: failure.boxRequestId },
      `Box file ${request.fileId} is not visible to the app's service account (token exchange: invalid_resource): collaborate the service account on the file's folder. Run npm run box:check.`,
    );
    return new ApiError('not_found:file', 'No such file in the gallery.');
  }
  return undefined;
}

function failureOf(error: unknown, request: DownscopeRequest, started: number): never {
  const failure = describeBoxFailure(error);
  log.warn({ event: 'box.token_exchange.failed', requestId: request.requestId, fileId: request.fileId, ms: Date.now() - started, box: failure }, 'token exchange failed');
  const setup = failure ? setupFailure(failure, request) : undefined;
  if (setup) throw setup;
  if (failure && isBoxUnavailable(failure)) throw boxUnavailable(failure.retryAfterSeconds);
  if (failure) throw new ApiError('upstream:token_exchange', 'Box refused to issue a file token.');
  throw toApiError(error);
}

/**
 * Exchanges the app's parent token for one limited to a single file and the
 * asked scopes. The parent token comes from the SDK auth (single-flight,
 * refreshed ahead of expiry); an exchange refused because the parent token
 * is no longer valid (Box answers 400 invalid_grant "The subject_token
 * provided is invalid", not 401) refreshes it once and retries. 429/5xx are
 * retried by the session's retry strategy within its budget. Every minted
 * token is checked against what was asked before it may leave this module.
 */
export async function downscopeForFile(connection: BoxConnection, request: DownscopeRequest, now: () => number = Date.now): Promise<DownscopedToken> {
  const started = Date.now();
  let answer: ExchangeAnswer | undefined;
  for (let attempt = 1; answer === undefined; attempt += 1) {
    let parent;
    try {
      parent = await connection.auth.current();
    } catch (error) {
      failureOf(error, request, started);
    }
    try {
      answer = await exchange(connection, parent.accessToken, request);
    } catch (error) {
      const failure = describeBoxFailure(error);
      if (attempt === 1 && isRejectedSubject(failure)) {
        log.warn(
          { event: 'box.parent_token.rejected', requestId: request.requestId, fileId: request.fileId, boxRequestId: failure?.boxRequestId, status: failure?.status },
          'parent token refused by the token exchange; refreshing it and retrying once',
        );
        try {
          await connection.auth.refreshAfterRejection(parent.generation);
        } catch (refreshError) {
          failureOf(refreshError, request, started);
        }
        continue;
      }
      failureOf(error, request, started);
    }
  }
  if (typeof answer.accessToken !== 'string' || answer.accessToken === '') {
    throw new ApiError('upstream:token_exchange', 'Box answered the token exchange without a token.');
  }
  const scopes = verifiedScopes(answer.restrictedTo, request.fileId, request.scopes);
  if (!scopes) return refuseBroadToken(connection, request, answer);
  const expiresIn = answer.expiresIn;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    await revokeAtBox(connection, answer.accessToken).catch(() => undefined);
    throw new ApiError('upstream:token_exchange', 'Box returned a file token without a lifetime.');
  }
  const issuedAt = now();
  log.info(
    { event: 'box.token_exchange.ok', requestId: request.requestId, fileId: request.fileId, scopes, expiresIn, ms: Date.now() - started },
    'file token minted',
  );
  return { accessToken: answer.accessToken, scopes, issuedAt, expiresAt: issuedAt + expiresIn * 1000 };
}
