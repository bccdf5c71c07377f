import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ccgGrant, exchange, jwtGrant, parentToken, postForm, signAssertion, type BoxAppConfigJson } from '@/tests/helpers/box-oauth';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';
import {
  AccessToken,
  ClientError,
  FileFull,
  FolderFull,
  Items,
  OAuth2Error,
  RepresentationEntry,
  UserFull,
} from '@/tests/conformance/box-schemas';

/**
 * Conformance: every endpoint the sandbox implements, in its success and
 * error cases, answers with a status Box's spec documents for that operation
 * and a body its schema accepts (tests/conformance/box-schemas.ts, written
 * from Box's OpenAPI spec). Prints "N of M bodies validate" at the end.
 */
let sandbox: TestSandbox;
let url: string;
let config: BoxAppConfigJson;
let parent: string;
let fileToken: string;
let downloadToken: string;
let sharedLink: string;

type Schema = z.ZodType;

interface Case {
  name: string;
  /** Statuses the spec documents for this operation ('default' covers any error status, with the error schema). */
  documented: ReadonlyArray<number | 'default'>;
  request: () => Promise<Response>;
  /** Schema of the JSON body by status; statuses absent here must have no JSON body. */
  bodies: Partial<Record<number | 'error', Schema>>;
  expectStatus: number;
  /** Headers the spec requires for this status (e.g. Location on 302). */
  headers?: string[];
}

const OP = {
  token: [200, 400, 'default'],
  revoke: [200, 400, 'default'],
  getFile: [200, 304, 401, 404, 405, 415, 'default'],
  download: [200, 202, 302, 'default'],
  thumbnail: [200, 202, 302, 400, 403, 404, 'default'],
  getFolder: [200, 304, 403, 404, 405, 'default'],
  folderItems: [200, 403, 404, 405, 'default'],
  sharedItems: [200, 304, 'default'],
  usersMe: [200, 'default'],
  // Not in the public spec (Preview's representation info URL); its body is a representations entry.
  representationInfo: [200, 'default'],
} as const satisfies Record<string, ReadonlyArray<number | 'default'>>;

const API_ERROR = { error: ClientError };
const OAUTH_ERROR = { error: OAuth2Error };

function bearer(token: string, extra: Record<string, string> = {}): RequestInit {
  return { headers: { authorization: `Bearer ${token}`, ...extra }, redirect: 'manual' };
}

function cases(): Case[] {
  const get = (path: string, init: RequestInit = { redirect: 'manual' }) => () => fetch(`${url}${path}`, init);
  const resource = 'https://api.box.com/2.0/files/1001';
  return [
    // POST /oauth2/token
    { name: 'JWT grant', documented: OP.token, expectStatus: 200, bodies: { 200: AccessToken }, request: async () => rawForm(await jwtRequest()) },
    { name: 'CCG grant', documented: OP.token, expectStatus: 200, bodies: { 200: AccessToken }, request: () => rawForm(ccgForm()) },
    { name: 'token exchange to a file', documented: OP.token, expectStatus: 200, bodies: { 200: AccessToken }, request: () => rawForm(exchangeForm({ scope: 'base_preview item_preview', resource })) },
    { name: 'token exchange to a folder', documented: OP.token, expectStatus: 200, bodies: { 200: AccessToken }, request: () => rawForm(exchangeForm({ scope: 'base_explorer', resource: 'https://api.box.com/2.0/folders/100' })) },
    { name: 'token exchange with a shared link', documented: OP.token, expectStatus: 200, bodies: { 200: AccessToken }, request: () => rawForm(exchangeForm({ scope: 'base_preview', box_shared_link: sharedLink })) },
    { name: 'token exchange: invalid subject token', documented: OP.token, expectStatus: 400, bodies: OAUTH_ERROR, request: () => rawForm(exchangeForm({ subject_token: 'nope', scope: 'base_preview', resource })) },
    { name: 'token exchange: scope the subject lacks', documented: OP.token, expectStatus: 401, bodies: OAUTH_ERROR, request: () => rawForm(exchangeForm({ subject_token: fileToken, scope: 'annotation_edit' })) },
    { name: 'token exchange: invalid resource', documented: OP.token, expectStatus: 400, bodies: OAUTH_ERROR, request: () => rawForm(exchangeForm({ scope: 'base_preview', resource: 'https://api.box.com/2.0/files/999999' })) },
    { name: 'JWT grant: wrong client secret', documented: OP.token, expectStatus: 400, bodies: OAUTH_ERROR, request: () => rawForm({ ...ccgForm(), client_secret: 'wrong' }) },
    { name: 'unsupported grant type', documented: OP.token, expectStatus: 400, bodies: OAUTH_ERROR, request: () => rawForm({ grant_type: 'password' }) },
    // POST /oauth2/revoke
    { name: 'revoke', documented: OP.revoke, expectStatus: 200, bodies: {}, request: () => rawForm({ client_id: config.boxAppSettings.clientID, client_secret: config.boxAppSettings.clientSecret, token: 'unknown' }, '/oauth2/revoke') },
    { name: 'revoke: wrong client', documented: OP.revoke, expectStatus: 400, bodies: OAUTH_ERROR, request: () => rawForm({ client_id: 'x', client_secret: 'y', token: 't' }, '/oauth2/revoke') },
    // GET /2.0/files/:id
    { name: 'file (standard fields)', documented: OP.getFile, expectStatus: 200, bodies: { 200: FileFull }, request: () => get('/2.0/files/1001', bearer(parent))() },
    {
      name: "file (ContentPreview's fields)",
      documented: OP.getFile,
      expectStatus: 200,
      bodies: { 200: FileFull },
      request: () =>
        get(
          '/2.0/files/1009?fields=permissions,shared_link,sha1,file_version,name,size,extension,representations,watermark_info,authenticated_download_url,is_download_available,tags,version_number,comment_count,is_package,is_externally_owned,has_collaborations',
          bearer(parent, { 'x-rep-hints': '[pdf][jpg?dimensions=1024x1024]' }),
        )(),
    },
    { name: 'file: If-None-Match', documented: OP.getFile, expectStatus: 304, bodies: {}, request: () => get('/2.0/files/1001', bearer(parent, { 'if-none-match': '"0"' }))() },
    { name: 'file: no token', documented: OP.getFile, expectStatus: 401, bodies: API_ERROR, request: get('/2.0/files/1001') },
    { name: 'file: not found', documented: OP.getFile, expectStatus: 404, bodies: API_ERROR, request: () => get('/2.0/files/999999', bearer(parent))() },
    { name: 'file: outside a restricted token', documented: OP.getFile, expectStatus: 404, bodies: API_ERROR, request: () => get('/2.0/files/1002', bearer(fileToken))() },
    { name: 'file: malformed id', documented: OP.getFile, expectStatus: 405, bodies: API_ERROR, request: () => get('/2.0/files/abc', bearer(parent))() },
    // GET /2.0/files/:id/content
    { name: 'download', documented: OP.download, expectStatus: 302, bodies: {}, headers: ['location'], request: () => get('/2.0/files/1001/content', bearer(downloadToken))() },
    { name: 'download: no item_download', documented: OP.download, expectStatus: 403, bodies: API_ERROR, request: () => get('/2.0/files/1001/content', bearer(fileToken))() },
    // GET /2.0/files/:id/thumbnail.{ext}
    { name: 'thumbnail', documented: OP.thumbnail, expectStatus: 200, bodies: {}, request: () => get('/2.0/files/1001/thumbnail.jpg', bearer(fileToken))() },
    { name: 'thumbnail: pending', documented: OP.thumbnail, expectStatus: 202, bodies: {}, headers: ['location', 'retry-after'], request: () => withThumbnail('1003', 'pending', () => get('/2.0/files/1003/thumbnail.png', bearer(parent))()) },
    { name: 'thumbnail: placeholder', documented: OP.thumbnail, expectStatus: 302, bodies: {}, headers: ['location'], request: () => withThumbnail('1003', 'placeholder', () => get('/2.0/files/1003/thumbnail.png', bearer(parent))()) },
    { name: 'thumbnail: size unavailable', documented: OP.thumbnail, expectStatus: 400, bodies: API_ERROR, request: () => get('/2.0/files/1001/thumbnail.png?min_width=400', bearer(parent))() },
    { name: 'thumbnail: not found', documented: OP.thumbnail, expectStatus: 404, bodies: API_ERROR, request: () => get('/2.0/files/1002/thumbnail.png', bearer(fileToken))() },
    // GET /2.0/folders/:id and /items
    { name: 'folder', documented: OP.getFolder, expectStatus: 200, bodies: { 200: FolderFull }, request: () => get('/2.0/folders/100', bearer(parent))() },
    { name: 'root folder', documented: OP.getFolder, expectStatus: 200, bodies: { 200: FolderFull }, request: () => get('/2.0/folders/0', bearer(parent))() },
    { name: 'folder with requested fields', documented: OP.getFolder, expectStatus: 200, bodies: { 200: FolderFull }, request: () => get('/2.0/folders/100?fields=tags,permissions,sync_state,allowed_invitee_roles,watermark_info', bearer(parent))() },
    { name: 'folder: If-None-Match', documented: OP.getFolder, expectStatus: 304, bodies: {}, request: () => get('/2.0/folders/100', bearer(parent, { 'if-none-match': '"0"' }))() },
    { name: 'folder: not found', documented: OP.getFolder, expectStatus: 404, bodies: API_ERROR, request: () => get('/2.0/folders/555', bearer(parent))() },
    { name: 'folder: malformed id', documented: OP.getFolder, expectStatus: 405, bodies: API_ERROR, request: () => get('/2.0/folders/x1', bearer(parent))() },
    { name: 'folder items (offset)', documented: OP.folderItems, expectStatus: 200, bodies: { 200: Items }, request: () => get('/2.0/folders/100/items?limit=3&offset=3&fields=name,size', bearer(parent))() },
    { name: 'folder items (marker)', documented: OP.folderItems, expectStatus: 200, bodies: { 200: Items }, request: () => get('/2.0/folders/100/items?usemarker=true&limit=3', bearer(parent))() },
    { name: 'folder items: invalid offset', documented: OP.folderItems, expectStatus: 400, bodies: API_ERROR, request: () => get('/2.0/folders/100/items?offset=-3', bearer(parent))() },
    { name: 'folder items: offset past 10 000', documented: OP.folderItems, expectStatus: 400, bodies: API_ERROR, request: () => get('/2.0/folders/100/items?offset=10001', bearer(parent))() },
    { name: 'folder items: invalid limit', documented: OP.folderItems, expectStatus: 400, bodies: API_ERROR, request: () => get('/2.0/folders/100/items?limit=0', bearer(parent))() },
    { name: 'folder items: restricted token', documented: OP.folderItems, expectStatus: 404, bodies: API_ERROR, request: () => get('/2.0/folders/100/items', bearer(fileToken))() },
    // GET /2.0/shared_items
    { name: 'shared item', documented: OP.sharedItems, expectStatus: 200, bodies: { 200: FileFull }, request: () => get('/2.0/shared_items', bearer(parent, { boxapi: `shared_link=${sharedLink}` }))() },
    { name: 'shared item: unknown link', documented: OP.sharedItems, expectStatus: 404, bodies: API_ERROR, request: () => get('/2.0/shared_items', bearer(parent, { boxapi: `shared_link=${url}/s/${'0'.repeat(32)}` }))() },
    // GET /2.0/users/me
    { name: 'current user (service account)', documented: OP.usersMe, expectStatus: 200, bodies: { 200: UserFull }, request: () => get('/2.0/users/me', bearer(parent))() },
    { name: 'current user: no token', documented: OP.usersMe, expectStatus: 401, bodies: API_ERROR, request: get('/2.0/users/me') },
    // Representation info (Preview's `info.url`)
    { name: 'representation info', documented: OP.representationInfo, expectStatus: 200, bodies: { 200: RepresentationEntry }, request: () => get('/2.0/internal_files/1001/versions/91001/representations/jpg_1024x1024', bearer(parent))() },
    // Rate limits: API shape on the API, OAuth shape on /oauth2
    { name: 'API 429', documented: OP.getFile, expectStatus: 429, bodies: API_ERROR, headers: ['retry-after'], request: () => withFault('/2.0/files/', () => get('/2.0/files/1001', bearer(parent))()) },
    { name: 'OAuth 429', documented: OP.token, expectStatus: 429, bodies: OAUTH_ERROR, headers: ['retry-after'], request: () => withFault('/oauth2/token', () => rawForm(ccgForm())) },
  ];
}

function ccgForm(): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_id: config.boxAppSettings.clientID,
    client_secret: config.boxAppSettings.clientSecret,
    box_subject_type: 'enterprise',
    box_subject_id: config.enterpriseID,
  };
}

function exchangeForm(extra: Record<string, string>): Record<string, string> {
  return {
    grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
    subject_token: parent,
    subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    ...extra,
  };
}

async function jwtRequest(): Promise<Record<string, string>> {
  return {
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion: await signAssertion(config),
    client_id: config.boxAppSettings.clientID,
    client_secret: config.boxAppSettings.clientSecret,
  };
}

function rawForm(form: Record<string, string>, path = '/oauth2/token'): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', body: new URLSearchParams(form) });
}

async function withThumbnail(fileId: string, state: 'pending' | 'placeholder', run: () => Promise<Response>): Promise<Response> {
  await sandbox.control('POST', 'setup', { thumbnails: { [fileId]: state } });
  try {
    return await run();
  } finally {
    await sandbox.control('POST', 'setup', { thumbnails: { [fileId]: 'ready' } });
  }
}

async function withFault(path: string, run: () => Promise<Response>): Promise<Response> {
  await sandbox.control('POST', 'faults', { respond: { status: 429, count: 1, path, retryAfter: 1 } });
  return run();
}

const tally = { bodies: 0, bodiesValid: 0, checks: 0, checksPassed: 0 };

beforeAll(async () => {
  sandbox = await startTestSandbox({ downscopedTokenTtlSeconds: 600 });
  url = sandbox.url;
  config = (await sandbox.control('GET', 'app-config')).body;
  parent = await parentToken(url, config);
  const fileResult = await exchange(url, { subject_token: parent, scope: 'base_preview', resource: 'https://api.box.com/2.0/files/1001' });
  fileToken = fileResult.body.access_token;
  const download = await exchange(url, { subject_token: parent, scope: 'base_preview item_download', resource: 'https://api.box.com/2.0/files/1001' });
  downloadToken = download.body.access_token;
  const file = await fetch(`${url}/2.0/files/1004?fields=shared_link`, bearer(parent));
  sharedLink = ((await file.json()) as { shared_link: { url: string } }).shared_link.url;
  // Sanity: the helpers talk to a working sandbox.
  expect((await ccgGrant(url, config)).status).toBe(200);
  expect((await jwtGrant(url, config, await signAssertion(config))).status).toBe(200);
  expect((await postForm(`${url}/oauth2/token`, {})).status).toBe(400);
});

afterAll(async () => {
  console.log(
    `Box conformance: ${tally.bodiesValid} of ${tally.bodies} JSON bodies validate against the spec's schemas; ` +
      `${tally.checksPassed} of ${tally.checks} status/header checks conform.`,
  );
  await sandbox?.close();
});

describe('the sandbox against the Box OpenAPI contract', () => {
  it.each(cases().map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const response = await testCase.request();
    const status = response.status;
    const text = await response.text();
    const isJson = (response.headers.get('content-type') ?? '').includes('application/json') && text.length > 0;
    const problems: string[] = [];

    tally.checks += 1;
    const documented = testCase.documented.includes(status) || (status >= 400 && testCase.documented.includes('default'));
    if (status === testCase.expectStatus && documented) tally.checksPassed += 1;
    else problems.push(`status ${status} (expected ${testCase.expectStatus}; documented: ${testCase.documented.join(', ')})`);

    for (const header of testCase.headers ?? []) {
      tally.checks += 1;
      if (response.headers.get(header)) tally.checksPassed += 1;
      else problems.push(`missing ${header} header`);
    }

    const schema = status >= 400 ? testCase.bodies.error : testCase.bodies[status];
    if (schema) {
      tally.bodies += 1;
      const parsed = isJson ? schema.safeParse(JSON.parse(text)) : undefined;
      if (parsed?.success) tally.bodiesValid += 1;
      else problems.push(isJson ? `body: ${parsed?.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}` : 'no JSON body');
    } else if (status === 204 || status === 302 || status === 304 || status === 202) {
      tally.checks += 1;
      if (text.length === 0) tally.checksPassed += 1;
      else problems.push(`unexpected body on ${status}`);
    }
    expect(problems).toEqual([]);
  });
});
