import { boxApiError, type BoxApiErrorBody } from './box-errors';
import type { IssuedToken, SandboxState } from './state';
import { tokenSeesFile } from './visibility';

export type AuthResult =
  | { ok: true; token: IssuedToken; raw: string }
  | { ok: false; status: number; body: BoxApiErrorBody };

/**
 * Finds the caller's token in an `Authorization: Bearer` header or an
 * `access_token` query parameter (how Preview loads representations), and
 * counts the call as `api` or `rejected`.
 */
export function authenticate(
  state: SandboxState,
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, unknown> | undefined,
): AuthResult {
  const header = headers['authorization'];
  const headerValue = Array.isArray(header) ? header[0] : header;
  const fromHeader = headerValue?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const fromQuery = typeof query?.['access_token'] === 'string' ? query['access_token'] : undefined;
  const raw = fromHeader ?? fromQuery;
  const record = raw ? state.lookup(raw) : undefined;
  if (!raw || !state.isActive(record)) {
    state.stats.rejected += 1;
    return { ok: false, status: 401, body: boxApiError(401, 'unauthorized', 'Unauthorized: the access token is missing, expired or revoked') };
  }
  state.stats.api += 1;
  return { ok: true, token: record, raw };
}

/**
 * A file the token may not see (restricted to other items, or not visible to
 * the service account) is "not found": Box answers 404 for "not found or no
 * access", so a token learns nothing about other ids.
 */
export function authorizeFile(state: SandboxState, token: IssuedToken, fileId: string): AuthResult | undefined {
  if (tokenSeesFile(state.setup, token, fileId)) return undefined;
  state.stats.api -= 1;
  state.stats.rejected += 1;
  return { ok: false, status: 404, body: boxApiError(404, 'not_found', 'Not Found') };
}
