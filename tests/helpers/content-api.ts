import { expect } from 'vitest';
import { exchange, signActorToken, type BoxAppConfigJson } from '@/tests/helpers/box-oauth';

/** Calls to the sandbox's content API for tests: tokens by scope, and raw HTTP. */

export interface ApiResult {
  status: number;
  headers: Headers;
  json: any;
  bytes: Buffer;
}

export interface ApiInit {
  token?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Raw body text (e.g. malformed JSON), sent as application/json. */
  rawBody?: string;
  /** 'manual' to see Box's redirects (downloads, thumbnails) instead of following them. */
  redirect?: RequestRedirect;
}

export async function api(baseUrl: string, path: string, init: ApiInit = {}): Promise<ApiResult> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.body !== undefined || init.rawBody !== undefined) {
    headers['content-type'] = 'application/json';
    body = init.rawBody ?? JSON.stringify(init.body);
  }
  const response = await fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', headers, body, redirect: init.redirect ?? 'follow' });
  const bytes = Buffer.from(await response.arrayBuffer());
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  return { status: response.status, headers: response.headers, json: isJson && bytes.length ? JSON.parse(bytes.toString()) : undefined, bytes };
}


/** A token downscoped from `parent` to one file (or to none, without fileId). */
export async function downscope(
  baseUrl: string,
  parent: string,
  scopes: readonly string[],
  fileId?: string,
  actor?: { id: string; name: string; config: BoxAppConfigJson },
): Promise<string> {
  const result = await exchange(baseUrl, {
    subject_token: parent,
    scope: scopes.join(' '),
    resource: fileId ? `https://api.box.com/2.0/files/${fileId}` : undefined,
    ...(actor
      ? { actor_token: await signActorToken(actor.config, { sub: actor.id, name: actor.name }), actor_token_type: 'urn:ietf:params:oauth:token-type:id_token' }
      : {}),
  });
  if (result.status !== 200) throw new Error(`token exchange: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.access_token as string;
}

/** Box's API error shape, for toMatchObject/toEqual. */
export function boxError(status: number, code: string) {
  return { type: 'error', status, code, message: expect.any(String), help_url: expect.any(String), request_id: expect.any(String) };
}
