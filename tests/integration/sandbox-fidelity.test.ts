import { beforeEach, describe, expect, it } from 'vitest';
import { ccgGrant, exchange, jwtGrant, parentToken, signAssertion, type BoxAppConfigJson } from '@/tests/helpers/box-oauth';
import { api, boxError, downscope } from '@/tests/helpers/content-api';
import { sandboxForThisFile } from '@/tests/helpers/sandbox';
import { DOWNSCOPED_TTL_RANGE_SECONDS } from '@/lib/sandbox/oauth-routes';

/**
 * The behaviours issue 13 found the sandbox missing, each as Box documents it
 * (spec: ../shared/box-openapi/openapi.json), and the app set-up model
 * (authorized, scopes, collaborations, CORS origins) behind `/_sandbox/setup`.
 */
// No fixed downscoped lifetime: the sandbox varies it as Box does.
const box = sandboxForThisFile();
let url: string;
let config: BoxAppConfigJson;
let parent: string;

const APP_ORIGIN = 'http://localhost:3000';
const get = (path: string, token?: string, headers?: Record<string, string>, redirect?: RequestRedirect) =>
  api(url, path, { token, headers, ...(redirect ? { redirect } : {}) });
const fileToken = (fileId: string, scopes: string[]) => downscope(url, parent, scopes, fileId);

beforeEach(async () => {
  url = box.current.url;
  config ??= (await box.current.control('GET', 'app-config')).body;
  parent = await parentToken(url, config);
});

describe('1. thumbnails: 202 while generated, 302 to a placeholder', () => {
  it('answers 202 with Location and Retry-After for a pending thumbnail, then 200 once ready', async () => {
    const token = await fileToken('1003', ['base_preview']);
    await box.current.control('POST', 'setup', { thumbnails: { '1003': 'pending' } });
    const pending = await get('/2.0/files/1003/thumbnail.jpg', token, {}, 'manual');
    expect(pending.status).toBe(202);
    expect(Number(pending.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(pending.headers.get('location')).toBe(`${url}/static/thumbnail-placeholders/file.png`);
    await box.current.control('POST', 'setup', { thumbnails: { '1003': 'ready' } });
    const ready = await get('/2.0/files/1003/thumbnail.jpg', token, {}, 'manual');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('content-type')).toBe('image/jpeg');
  });

  it('answers 302 to a public placeholder image when no thumbnail can be made', async () => {
    const token = await fileToken('1004', ['base_preview']);
    await box.current.control('POST', 'setup', { thumbnails: { '1004': 'placeholder' } });
    const redirect = await get('/2.0/files/1004/thumbnail.png', token, {}, 'manual');
    expect(redirect.status).toBe(302);
    const placeholder = await fetch(redirect.headers.get('location')!);
    expect(placeholder.status).toBe(200);
    expect(placeholder.headers.get('content-type')).toBe('image/png');
  });
});

describe('2. scopes the subject token or the app lacks', () => {
  it('answers 401 invalid_scope (the spec: "will error with 401 Unauthorized"), 400 for an unknown scope', async () => {
    await box.current.control('POST', 'setup', { appScopes: ['base_preview', 'item_preview'] });
    const limited = await parentToken(url, config);
    const resource = 'https://api.box.com/2.0/files/1001';
    const lacking = await exchange(url, { subject_token: limited, scope: 'base_preview annotation_edit', resource });
    expect(lacking.status).toBe(401);
    expect(lacking.body).toEqual({ error: 'invalid_scope', error_description: expect.any(String) });
    expect((await exchange(url, { subject_token: limited, scope: 'base_preview', resource })).status).toBe(200);
    expect((await exchange(url, { subject_token: limited, scope: 'no_such_scope', resource })).status).toBe(400);
  });
});

describe('3. resource and visibility', () => {
  it("answers 400 invalid_resource for a file in a folder the service account is not collaborated on, and 404 when reading it", async () => {
    await box.current.control('POST', 'setup', { collaboratedFolderIds: ['100'] });
    const hidden = await exchange(url, { subject_token: parent, scope: 'base_preview', resource: 'https://api.box.com/2.0/files/2001' });
    expect(hidden.status).toBe(400);
    expect(hidden.body.error).toBe('invalid_resource');
    expect((await get('/2.0/files/2001', parent)).json).toEqual(boxError(404, 'not_found'));
    expect((await get('/2.0/folders/200', parent)).json).toEqual(boxError(404, 'not_found'));
    const root = await get('/2.0/folders/0/items', parent);
    expect(root.json.entries.map((entry: { name: string }) => entry.name)).toEqual(['Artwork']);
    // A token minted before the collaboration was removed loses the file too.
    await box.current.control('POST', 'reset');
    parent = await parentToken(url, config);
    const early = await fileToken('2001', ['base_preview']);
    await box.current.control('POST', 'setup', { collaboratedFolderIds: ['100'] });
    expect((await get('/2.0/files/2001', early)).status).toBe(404);
  });

  it("refuses the sandbox's own origin in resource", async () => {
    const own = await exchange(url, { subject_token: parent, scope: 'base_preview', resource: `${url}/2.0/files/1001` });
    expect(own.status).toBe(400);
    expect(own.body.error).toBe('invalid_resource');
  });
});

describe('4. downscoped lifetimes vary', () => {
  it('gives each exchange a lifetime in Box-like range, not always 3600', async () => {
    const lifetimes = new Set<number>();
    for (let i = 0; i < 8; i += 1) {
      const result = await exchange(url, { subject_token: parent, scope: 'base_preview', resource: 'https://api.box.com/2.0/files/1001' });
      const expiresIn = result.body.expires_in as number;
      expect(expiresIn).toBeGreaterThanOrEqual(DOWNSCOPED_TTL_RANGE_SECONDS[0]);
      expect(expiresIn).toBeLessThanOrEqual(DOWNSCOPED_TTL_RANGE_SECONDS[1]);
      lifetimes.add(expiresIn);
    }
    expect(lifetimes.size).toBeGreaterThan(1);
  });
});

describe('5. downloads', () => {
  it('answers 302 with Location to a token-free URL that honours Range', async () => {
    const token = await fileToken('1009', ['base_preview', 'item_download']);
    const redirect = await get('/2.0/files/1009/content', token, {}, 'manual');
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    const whole = await fetch(location);
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const part = await fetch(location, { headers: { range: 'bytes=0-4' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 0-4/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe('%PDF-');
    const tail = await fetch(location, { headers: { range: 'bytes=-3' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(bytes.length - 3));
    expect((await fetch(location, { headers: { range: `bytes=${bytes.length}-` } })).status).toBe(416);
    expect((await fetch(`${url}/d/1/not-a-ticket/download`)).status).toBe(404);
  });
});

describe('6. If-None-Match', () => {
  it('answers 304 with no body when the etag matches, on files and folders', async () => {
    const file = await get('/2.0/files/1001', parent);
    const notModified = await get('/2.0/files/1001', parent, { 'if-none-match': `"${file.json.etag}"` });
    expect(notModified.status).toBe(304);
    expect(notModified.bytes.length).toBe(0);
    expect((await get('/2.0/files/1001', parent, { 'if-none-match': '"stale"' })).status).toBe(200);
    const folder = await get('/2.0/folders/100', parent);
    expect((await get('/2.0/folders/100', parent, { 'if-none-match': folder.json.etag })).status).toBe(304);
  });
});

describe('8. folder listing: marker paging, sort, direction', () => {
  it('pages with usemarker/marker until next_marker is null, without offset fields', async () => {
    const ids: string[] = [];
    let marker: string | null = '';
    let pages = 0;
    while (marker !== null && pages < 10) {
      const query: string = `usemarker=true&limit=4${marker ? `&marker=${encodeURIComponent(marker)}` : ''}`;
      const { json } = await get(`/2.0/folders/100/items?${query}`, parent);
      expect(json.total_count).toBeUndefined();
      expect(json.limit).toBe(4);
      ids.push(...json.entries.map((entry: { id: string }) => entry.id));
      marker = json.next_marker;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(new Set(ids).size).toBe(9);
    expect((await get('/2.0/folders/100/items?usemarker=true&marker=garbage', parent)).status).toBe(400);
  });

  it('sorts by the given field and direction, folders before files', async () => {
    const byIdDesc = await get('/2.0/folders/100/items?sort=id&direction=DESC', parent);
    expect(byIdDesc.json.entries.map((entry: { id: string }) => entry.id)).toEqual(['1009', '1008', '1007', '1006', '1005', '1004', '1003', '1002', '1001']);
    expect(byIdDesc.json.order).toEqual([
      { by: 'type', direction: 'ASC' },
      { by: 'id', direction: 'DESC' },
    ]);
    const bySize = await get('/2.0/folders/100/items?sort=size&fields=size', parent);
    const sizes = bySize.json.entries.map((entry: { size: number }) => entry.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect((await get('/2.0/folders/100/items?sort=colour', parent)).status).toBe(400);
  });
});

describe('9. exchange inputs Box documents', () => {
  it('downscopes to a folder, whose token reads files in it and not elsewhere', async () => {
    const result = await exchange(url, { subject_token: parent, scope: 'base_explorer item_preview', resource: 'https://api.box.com/2.0/folders/100' });
    expect(result.status).toBe(200);
    expect(result.body.restricted_to[0]).toMatchObject({ scope: 'base_explorer', object: { type: 'folder', id: '100', name: 'Artwork' } });
    const token = result.body.access_token as string;
    expect((await get('/2.0/folders/100/items', token)).status).toBe(200);
    expect((await get('/2.0/files/1005', token)).status).toBe(200);
    expect((await get('/2.0/files/2001', token)).status).toBe(404);
    expect((await get('/2.0/folders/200', token)).status).toBe(404);
  });

  it('accepts item_read', async () => {
    const result = await exchange(url, { subject_token: parent, scope: 'item_read', resource: 'https://api.box.com/2.0/files/1001' });
    expect(result.status).toBe(200);
    expect(result.body.restricted_to).toEqual([{ scope: 'item_read', object: expect.objectContaining({ type: 'file', id: '1001' }) }]);
  });
});

describe('10. error shapes and fields', () => {
  it('gives API errors help_url, and 429s on the API the API shape with retry-after', async () => {
    await box.current.control('POST', 'faults', { respond: { status: 429, count: 1, path: '/2.0/', retryAfter: 2 } });
    const limited = await get('/2.0/files/1001', parent);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.json).toEqual(boxError(429, 'rate_limit_exceeded'));
    expect(limited.json.help_url).toMatch(/^https:\/\/developer\.box\.com\//);
  });

  it('returns requested folder fields such as tags', async () => {
    const { json } = await get('/2.0/folders/100?fields=tags,name,is_externally_owned', parent);
    expect(json).toEqual({ type: 'folder', id: '100', etag: '0', tags: [], name: 'Artwork', is_externally_owned: false });
  });
});

describe('the app set-up', () => {
  it('refuses JWT and CCG grants as Box does for an app the admin has not authorized', async () => {
    await box.current.control('POST', 'setup', { appAuthorized: false });
    const refused = { error: 'unauthorized_client', error_description: 'This app is not authorized by the enterprise admin' };
    const jwt = await jwtGrant(url, config, await signAssertion(config));
    expect(jwt.status).toBe(400);
    expect(jwt.body).toEqual(refused);
    expect((await ccgGrant(url, config)).body).toEqual(refused);
  });

  it('reads CORS origins from the set-up at each request', async () => {
    const preflight = () =>
      fetch(`${url}/2.0/files/1001`, {
        method: 'OPTIONS',
        headers: { origin: 'https://easel.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    expect((await preflight()).headers.get('access-control-allow-origin')).toBeNull();
    await box.current.control('POST', 'setup', { allowedOrigins: ['https://easel.example'] });
    expect((await preflight()).headers.get('access-control-allow-origin')).toBe('https://easel.example');
    expect(
      (await fetch(`${url}/2.0/files/1001`, { method: 'OPTIONS', headers: { origin: APP_ORIGIN, 'access-control-request-method': 'GET' } })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
  });

  it('validates set-up requests and restores the start set-up on reset', async () => {
    for (const body of [{ appScopes: ['root_everything'] }, { collaboratedFolderIds: ['555'] }, { allowedOrigins: ['https://x.example/path'] }, { bogus: 1 }]) {
      const result = await box.current.control('POST', 'setup', body);
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ type: 'error', status: 400, code: 'bad_request' });
    }
    await box.current.control('POST', 'setup', { appAuthorized: false, collaboratedFolderIds: [] });
    await box.current.control('POST', 'reset');
    expect((await box.current.control('GET', 'setup')).body).toMatchObject({
      appAuthorized: true,
      appScopes: ['root_readwrite'],
      collaboratedFolderIds: ['100', '200'],
      allowedOrigins: [APP_ORIGIN, 'http://127.0.0.1:3000'],
      thumbnails: {},
    });
  });
});
