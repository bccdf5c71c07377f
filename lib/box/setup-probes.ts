import 'server-only';
import { timeBoxCall } from '../metrics/registry';
import { ID_TOKEN_TYPE } from './actor-token';
import type { BoxConnection } from './connection';
import { fileResourceUrl } from './downscope';
import type { ReviewerActor } from './types';

/**
 * The raw Box calls `box:check` makes to verify an app's set-up, each
 * answering what Box said (status, the few body fields that matter, the
 * headers that matter) rather than throwing, so a check can explain the
 * failure. Made without the SDK's retry and refresh rules on purpose: the
 * check reports Box's first answer. No answer ever includes a token.
 */
const TIMEOUT_MS = 10_000;

/** Box's error fields, from either error shape (API or OAuth). */
export interface BoxRefusal {
  status: number;
  code: string | undefined;
  message: string | undefined;
}

export type Probe<T> = { ok: true; value: T } | { ok: false; refusal: BoxRefusal };

interface RawAnswer {
  status: number;
  headers: Headers;
  json: Record<string, unknown> | undefined;
}

async function call(url: string, init: RequestInit): Promise<RawAnswer> {
  const response = await timeBoxCall('health', () => fetch(url, { ...init, redirect: 'manual', cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS) }), {
    status: (answer) => answer.status,
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, json };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function refusalOf(answer: RawAnswer): BoxRefusal {
  return {
    status: answer.status,
    code: text(answer.json?.['code']) ?? text(answer.json?.['error']),
    message: text(answer.json?.['message']) ?? text(answer.json?.['error_description']),
  };
}

function api(connection: BoxConnection, path: string): string {
  return `${connection.baseUrls.baseUrl}/2.0${path}`;
}

function bearer(token: string, extra: Record<string, string> = {}): HeadersInit {
  return { authorization: `Bearer ${token}`, ...extra };
}

/** The app's parent token, through the SDK's own JWT/CCG grant. */
export async function grantParentToken(connection: BoxConnection): Promise<string> {
  return (await connection.auth.current()).accessToken;
}

export interface BoxUser {
  id: string;
  name: string;
  login: string;
}

/** Who the parent token acts as (for JWT/CCG as the enterprise: the service account). */
export async function currentUser(connection: BoxConnection, token: string): Promise<Probe<BoxUser>> {
  const answer = await call(`${api(connection, '/users/me')}?fields=id,name,login`, { headers: bearer(token) });
  if (answer.status !== 200 || !answer.json) return { ok: false, refusal: refusalOf(answer) };
  return { ok: true, value: { id: String(answer.json['id'] ?? ''), name: text(answer.json['name']) ?? '', login: text(answer.json['login']) ?? '' } };
}

export interface FolderProbe {
  name: string;
  /** The first file directly in the folder, to test tokens with. */
  firstFile: { id: string; name: string } | undefined;
}

/** Reads a folder and its first page of items with the parent token. */
export async function readFolder(connection: BoxConnection, token: string, folderId: string): Promise<Probe<FolderProbe>> {
  const id = encodeURIComponent(folderId);
  const folder = await call(`${api(connection, `/folders/${id}`)}?fields=id,name`, { headers: bearer(token) });
  if (folder.status !== 200 || !folder.json) return { ok: false, refusal: refusalOf(folder) };
  const items = await call(`${api(connection, `/folders/${id}/items`)}?fields=id,name,type&limit=1000`, { headers: bearer(token) });
  if (items.status !== 200 || !items.json) return { ok: false, refusal: refusalOf(items) };
  const entries = Array.isArray(items.json['entries']) ? (items.json['entries'] as Array<Record<string, unknown>>) : [];
  const file = entries.find((entry) => entry['type'] === 'file');
  return {
    ok: true,
    value: { name: text(folder.json['name']) ?? '', firstFile: file ? { id: String(file['id']), name: text(file['name']) ?? '' } : undefined },
  };
}

export interface ExchangeProbe {
  accessToken: string;
  expiresIn: number | undefined;
  /** restricted_to as Box sent it: scope, object type and id. */
  restrictedTo: Array<{ scope: string; type: string; id: string }>;
}

/** A token exchange for one file, exactly as Easel makes it (with `actor`, an annotator token naming that reviewer). */
export async function exchangeForFile(
  connection: BoxConnection,
  parentToken: string,
  fileId: string,
  scopes: readonly string[],
  actor?: ReviewerActor,
): Promise<Probe<ExchangeProbe>> {
  const answer = await call(`${connection.baseUrls.baseUrl}/oauth2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: parentToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope: scopes.join(' '),
      resource: fileResourceUrl(fileId),
      ...(actor ? { actor_token: await connection.actorToken(actor), actor_token_type: ID_TOKEN_TYPE } : {}),
    }),
  });
  const accessToken = text(answer.json?.['access_token']);
  if (answer.status !== 200 || !answer.json || !accessToken) return { ok: false, refusal: refusalOf(answer) };
  const raw = Array.isArray(answer.json['restricted_to']) ? (answer.json['restricted_to'] as Array<Record<string, unknown>>) : [];
  const restrictedTo = raw.map((entry) => {
    const object = (entry['object'] ?? {}) as Record<string, unknown>;
    return { scope: text(entry['scope']) ?? '', type: text(object['type']) ?? '', id: String(object['id'] ?? '') };
  });
  const expiresIn = typeof answer.json['expires_in'] === 'number' ? answer.json['expires_in'] : undefined;
  return { ok: true, value: { accessToken, expiresIn, restrictedTo } };
}

/** Revokes a token the check minted (best effort). */
export async function revokeProbeToken(connection: BoxConnection, token: string): Promise<void> {
  if (!connection.appClient) return;
  await call(`${connection.baseUrls.baseUrl}/oauth2/revoke`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: connection.appClient.clientId, client_secret: connection.appClient.clientSecret, token }),
  }).catch(() => undefined);
}

/** The headers ContentPreview sends cross-origin to Box's API. */
export const PREVIEW_REQUEST_HEADERS = ['authorization', 'x-rep-hints', 'x-box-client-name', 'x-box-client-version', 'accept-language'];

/** Box's CORS answer to a browser on `origin` about to call the file API: the allowed origin, if any. */
export async function corsPreflight(connection: BoxConnection, origin: string, fileId: string): Promise<{ status: number; allowedOrigin: string | null }> {
  const answer = await call(api(connection, `/files/${encodeURIComponent(fileId)}`), {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': PREVIEW_REQUEST_HEADERS.join(',') },
  });
  return { status: answer.status, allowedOrigin: answer.headers.get('access-control-allow-origin') };
}

/** A thumbnail request: 200 (ready), 202 (being generated) and 302 (placeholder) are all working answers. */
export async function probeThumbnail(connection: BoxConnection, token: string, fileId: string): Promise<Probe<{ status: number }>> {
  const answer = await call(`${api(connection, `/files/${encodeURIComponent(fileId)}/thumbnail.jpg`)}?min_width=320&min_height=320`, {
    headers: bearer(token),
  });
  if (answer.status === 200 || answer.status === 202 || answer.status === 302) return { ok: true, value: { status: answer.status } };
  return { ok: false, refusal: refusalOf(answer) };
}

/** The file's representations as Preview asks for them, and the first one's info URL. */
export async function probeRepresentations(connection: BoxConnection, token: string, fileId: string): Promise<Probe<{ count: number; infoStatus: number | undefined }>> {
  const answer = await call(`${api(connection, `/files/${encodeURIComponent(fileId)}`)}?fields=representations`, {
    headers: bearer(token, { 'x-rep-hints': '[jpg?dimensions=1024x1024][pdf]' }),
  });
  if (answer.status !== 200 || !answer.json) return { ok: false, refusal: refusalOf(answer) };
  const representations = answer.json['representations'] as { entries?: Array<{ info?: { url?: unknown } }> } | undefined;
  const entries = representations?.entries ?? [];
  const infoUrl = text(entries[0]?.info?.url);
  if (!infoUrl) return { ok: true, value: { count: entries.length, infoStatus: undefined } };
  const info = await call(infoUrl, { headers: bearer(token) });
  if (info.status !== 200) return { ok: false, refusal: refusalOf(info) };
  return { ok: true, value: { count: entries.length, infoStatus: info.status } };
}
