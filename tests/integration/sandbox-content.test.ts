import { createHash } from 'node:crypto';
import { BoxClient, BoxDeveloperTokenAuth } from 'box-node-sdk';
import { BaseUrls, NetworkSession } from 'box-node-sdk/networking';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findSampleFile } from '@/lib/sandbox/catalog';
import { findFileBySharedLink, sharedLinkPasswordOf } from '@/lib/sandbox/content-lookup';
import { parseHexColor } from '@/lib/sandbox/sample-art';
import { exchange, parentToken, type BoxAppConfigJson } from '@/tests/helpers/box-oauth';
import { api, boxError, downscope } from '@/tests/helpers/content-api';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';

/** The sandbox's content API over real HTTP, with tokens from its real OAuth endpoints. */
let sandbox: TestSandbox;
let config: BoxAppConfigJson;
let url: string;
let parent: string;

const PREVIEW_FIELDS =
  'id,permissions,shared_link,sha1,file_version,name,size,extension,representations,watermark_info,authenticated_download_url,is_download_available';
/** What box-ui-elements' ContentPreview sends. */
const CONTENT_PREVIEW_HINTS =
  '[3d][pdf][text][mp3][json][jpg?dimensions=1024x1024&paged=false][webp?dimensions=1024x1024][jpg?dimensions=2048x2048,png?dimensions=2048x2048][dash,mp4][filmstrip]';

const get = (path: string, token?: string, headers?: Record<string, string>, redirect?: RequestRedirect) =>
  api(url, path, { token, headers, ...(redirect ? { redirect } : {}) });
const fileToken = (fileId: string, scopes: string[]) => downscope(url, parent, scopes, fileId);
const sha1 = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');

async function centreColour(bytes: Buffer): Promise<number[]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return [data[offset]!, data[offset + 1]!, data[offset + 2]!];
}

function expectNearColour(actual: number[], hex: string): void {
  const expected = parseHexColor(hex);
  actual.forEach((channel, i) => expect(Math.abs(channel - expected[i]!)).toBeLessThanOrEqual(12));
}

async function stats() {
  return (await sandbox.control('GET', 'stats')).body;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  url = sandbox.url;
  config = (await sandbox.control('GET', 'app-config')).body;
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  await sandbox.control('POST', 'reset');
  parent = await parentToken(url, config);
});

describe('GET /2.0/files/:id', () => {
  it('returns exactly the requested fields plus type, id and etag', async () => {
    const token = await fileToken('1001', ['base_preview']);
    const { status, json } = await get('/2.0/files/1001?fields=name,size,extension', token);
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(['etag', 'extension', 'id', 'name', 'size', 'type']);
    expect(json).toMatchObject({ type: 'file', id: '1001', name: 'Sunset Over Dunes.jpg', extension: 'jpg' });
  });

  it("answers ContentPreview's fields with values that match the bytes", async () => {
    const token = await fileToken('1001', ['item_preview', 'item_download']);
    const { json } = await get(`/2.0/files/1001?fields=${PREVIEW_FIELDS}`, token);
    const download = await get('/2.0/files/1001/content', token);
    expect(download.status).toBe(200);
    expect(json.size).toBe(download.bytes.length);
    expect(json.sha1).toBe(sha1(download.bytes));
    expect(json.file_version).toEqual({ type: 'file_version', id: '91001', sha1: json.sha1 });
    expect(json.watermark_info).toEqual({ is_watermarked: false });
    expect(json.is_download_available).toBe(true);
    expect(json.authenticated_download_url).toBe(`${url}/2.0/files/1001/content`);
    expect(json.shared_link.url).toMatch(new RegExp(`^${url}/s/[0-9a-f]{32}$`));
    expect(json.shared_link.is_password_enabled).toBe(false);
  });

  it("returns Box's standard set without fields, with the folder path", async () => {
    const { json } = await get('/2.0/files/1003', parent);
    expect(json).toMatchObject({
      type: 'file',
      id: '1003',
      name: 'Forest Study.jpg',
      parent: { type: 'folder', id: '100', name: 'Artwork' },
      path_collection: {
        total_count: 2,
        entries: [
          { type: 'folder', id: '0', name: 'All Files' },
          { type: 'folder', id: '100', name: 'Artwork' },
        ],
      },
      item_status: 'active',
      created_at: expect.any(String),
    });
    expect(json.permissions).toBeUndefined();
    expect(json.representations).toBeUndefined();
  });

  const ALL_FALSE = {
    can_download: false,
    can_print: false,
    can_preview: false,
    can_annotate: false,
    can_create_annotations: false,
    can_view_annotations_all: false,
    can_view_annotations_self: false,
    can_view_annotations: false,
  };
  const cases: Array<[string, string[] | 'parent', Partial<typeof ALL_FALSE>]> = [
    ['a parent token', 'parent', { can_download: true, can_print: true, can_preview: true, can_annotate: true, can_create_annotations: true, can_view_annotations_all: true, can_view_annotations_self: true, can_view_annotations: true }],
    ['base_preview', ['base_preview'], { can_preview: true }],
    ['item_preview + item_download', ['item_preview', 'item_download'], { can_preview: true, can_download: true, can_print: true }],
    ['annotation_view_self', ['base_preview', 'annotation_view_self'], { can_preview: true, can_view_annotations_self: true, can_view_annotations: true }],
    ['annotation_view_all', ['base_preview', 'annotation_view_all'], { can_preview: true, can_view_annotations_all: true, can_view_annotations_self: true, can_view_annotations: true }],
    ['annotation_edit', ['item_preview', 'annotation_view_all', 'annotation_edit'], { can_preview: true, can_annotate: true, can_create_annotations: true, can_view_annotations_all: true, can_view_annotations_self: true, can_view_annotations: true }],
  ];
  it.each(cases)('derives permissions from the scopes of %s', async (_label, scopes, granted) => {
    const token = scopes === 'parent' ? parent : await fileToken('1002', scopes);
    const { json } = await get('/2.0/files/1002?fields=permissions', token);
    expect(json.permissions).toMatchObject({ ...ALL_FALSE, ...granted });
  });

  it('answers 404 to a token restricted to another file, as for a missing one (Box: "not found or no access")', async () => {
    const token = await fileToken('1001', ['base_preview']);
    const other = await get('/2.0/files/1002', token);
    expect(other.status).toBe(404);
    expect(other.json).toEqual(boxError(404, 'not_found'));
    // Even for an id that does not exist: nothing is learnt about other ids.
    expect((await get('/2.0/files/999999', token)).json).toEqual(boxError(404, 'not_found'));
  });

  it('answers 404 not_found for unknown ids and 405 for malformed ones, as the spec lists', async () => {
    expect((await get('/2.0/files/999999', parent)).json).toEqual(boxError(404, 'not_found'));
    expect((await get('/2.0/files/abc', parent)).json).toEqual(boxError(405, 'method_not_allowed'));
    expect((await get('/2.0/folders/abc', parent)).json).toEqual(boxError(405, 'method_not_allowed'));
  });

  it('answers 401 without a token or with a revoked one', async () => {
    expect((await get('/2.0/files/1001')).status).toBe(401);
    const token = await fileToken('1001', ['base_preview']);
    await sandbox.control('POST', 'faults', { revokeTokens: true });
    const revoked = await get('/2.0/files/1001', token);
    expect(revoked.status).toBe(401);
    expect(revoked.json).toEqual(boxError(401, 'unauthorized'));
  });

  it('counts authenticated calls in stats.api and refusals in stats.rejected', async () => {
    const token = await fileToken('1001', ['base_preview']);
    await get('/2.0/files/1001', token);
    await get('/2.0/files/1002', token);
    await get('/2.0/files/1001/content', token);
    await get('/2.0/files/1001');
    expect(await stats()).toMatchObject({ api: 1, rejected: 3 });
  });
});

describe('representations', () => {
  async function representations(fileId: string, hints?: string) {
    const token = await fileToken(fileId, ['base_preview']);
    const { json } = await get(`/2.0/files/${fileId}?fields=representations`, token, hints ? { 'x-rep-hints': hints } : {});
    return { token, entries: json.representations.entries as any[] };
  }
  const names = (entries: any[]) => entries.map((e) => `${e.representation}:${e.properties.dimensions ?? ''}`);

  it('follows X-Rep-Hints', async () => {
    const hints = '[jpg?dimensions=2048x2048][png?dimensions=2048x2048][pdf]';
    expect(names((await representations('1001', hints)).entries)).toEqual(['jpg:2048x2048', 'png:2048x2048']);
    expect(names((await representations('1009', hints)).entries)).toEqual(['pdf:']);
    // ContentPreview's own hints: the first available alternative of each group.
    expect(names((await representations('1002', CONTENT_PREVIEW_HINTS)).entries)).toEqual(['jpg:1024x1024', 'jpg:2048x2048']);
    expect(names((await representations('1009', CONTENT_PREVIEW_HINTS)).entries)).toEqual(['pdf:', 'jpg:1024x1024']);
  });

  it('lists every representation without hints, each with info and content URLs', async () => {
    const { entries } = await representations('1004');
    expect(names(entries)).toEqual([
      'jpg:1024x1024', 'jpg:2048x2048', 'png:1024x1024', 'png:2048x2048',
      'jpg:32x32', 'jpg:94x94', 'jpg:160x160', 'jpg:320x320',
    ]);
    const png = entries.find((e) => e.representation === 'png' && e.properties.dimensions === '2048x2048');
    const base = `${url}/2.0/internal_files/1004/versions/91004/representations/png_paged_2048x2048`;
    expect(png).toEqual({
      representation: 'png',
      properties: { dimensions: '2048x2048', paged: 'true', thumb: 'false' },
      info: { url: base },
      status: { state: 'success' },
      content: { url_template: `${base}/content/{+asset_path}` },
    });
  });

  it('answers info.url with status success', async () => {
    const { token, entries } = await representations('1001', '[jpg?dimensions=2048x2048]');
    const info = await get(entries[0].info.url.slice(url.length), token);
    expect(info.status).toBe(200);
    expect(info.json.status).toEqual({ state: 'success' });
    expect(info.json.content.url_template).toBe(entries[0].content.url_template);
  });

  it('serves real image bytes with a Bearer header or an access_token query parameter', async () => {
    const { token, entries } = await representations('1001', '[jpg?dimensions=2048x2048][png?dimensions=1024x1024]');
    const [jpg, png] = entries.map((e) => (e.content.url_template as string).slice(url.length));
    const byHeader = await get(jpg!.replace('{+asset_path}', ''), token);
    expect(byHeader.status).toBe(200);
    expect(byHeader.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(byHeader.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 1600, height: 1000 });
    expectNearColour(await centreColour(byHeader.bytes), findSampleFile('1001')!.dominantColor);

    const byQuery = await get(`${png!.replace('{+asset_path}', '1.png')}?access_token=${encodeURIComponent(token)}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.headers.get('content-type')).toBe('image/png');
    expect(await sharp(byQuery.bytes).metadata()).toMatchObject({ format: 'png', width: 1024, height: 640 });

    expect((await get(png!.replace('{+asset_path}', '1.png'))).status).toBe(401);
    expect((await get(png!.replace('{+asset_path}', '2.png'), token)).status).toBe(404);
    expect((await get(png!.replace('91001', '91002').replace('{+asset_path}', '1.png'), token)).status).toBe(404);
  });

  it('serves the PDF representation of the PDF', async () => {
    const { token, entries } = await representations('1009', '[pdf]');
    const content = await get(`${entries[0].content.url_template.slice(url.length).replace('{+asset_path}', '')}?access_token=${token}`);
    expect(content.status).toBe(200);
    expect(content.headers.get('content-type')).toBe('application/pdf');
    expect(content.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses representation bytes to a token without a preview scope, or for another file', async () => {
    const noPreview = await fileToken('1001', ['annotation_view_all']);
    const path = '/2.0/internal_files/1001/versions/91001/representations/jpg_1024x1024/content/';
    expect((await get(path, noPreview)).json).toEqual(boxError(403, 'access_denied_insufficient_permissions'));
    const otherFile = await fileToken('1002', ['base_preview']);
    expect((await get(path, otherFile)).status).toBe(404);
    expect((await get(path, await fileToken('1001', ['base_preview']))).status).toBe(200);
  });
});

describe('download and thumbnails', () => {
  it('downloads only with item_download, by header or access_token', async () => {
    const preview = await fileToken('1005', ['base_preview']);
    expect((await get('/2.0/files/1005/content', preview)).json).toEqual(boxError(403, 'access_denied_insufficient_permissions'));
    const download = await fileToken('1005', ['base_preview', 'item_download']);
    const redirect = await get(`/2.0/files/1005/content?access_token=${download}`, undefined, {}, 'manual');
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${url}/d/1/[A-Za-z0-9_-]+/download$`));
    expect(location).not.toContain(download);
    const result = await get(location.slice(url.length));
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('image/png');
    expect(result.headers.get('content-disposition')).toContain('Violet Hours.png');
    expect(await sharp(result.bytes).metadata()).toMatchObject({ width: 2000, height: 2000 });
  });

  it('serves png and jpg thumbnails within the requested bounds', async () => {
    const token = await fileToken('1006', ['base_preview']);
    const png = await get('/2.0/files/1006/thumbnail.png', token);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(await sharp(png.bytes).metadata()).toMatchObject({ format: 'png', width: 320, height: 192 });
    expectNearColour(await centreColour(png.bytes), findSampleFile('1006')!.dominantColor);

    const jpg = await get('/2.0/files/1006/thumbnail.jpg?min_width=94&max_width=160&max_height=160', token);
    expect(await sharp(jpg.bytes).metadata()).toMatchObject({ format: 'jpeg', width: 160, height: 96 });

    expect((await get('/2.0/files/1006/thumbnail.png?max_width=abc', token)).json).toEqual(boxError(400, 'bad_request'));
    expect((await get('/2.0/files/1006/thumbnail.png?min_width=400', token)).json).toEqual(boxError(400, 'requested_preview_unavailable'));
    expect((await get('/2.0/files/1006/thumbnail.png?min_width=200&max_width=160', token)).status).toBe(400);
    expect((await get('/2.0/files/1007/thumbnail.png', token)).status).toBe(404);
  });

  it('gives the PDF a thumbnail of its first page colour', async () => {
    const { bytes, status } = await get('/2.0/files/1009/thumbnail.png', await fileToken('1009', ['base_preview']));
    expect(status).toBe(200);
    expectNearColour(await centreColour(bytes), findSampleFile('1009')!.dominantColor);
  });
});

describe('folders', () => {
  it('describes a folder with its path and first page of items', async () => {
    const { status, json } = await get('/2.0/folders/100', parent);
    expect(status).toBe(200);
    expect(json).toMatchObject({
      type: 'folder',
      id: '100',
      name: 'Artwork',
      parent: { type: 'folder', id: '0' },
      path_collection: { total_count: 1, entries: [{ type: 'folder', id: '0', name: 'All Files' }] },
      item_collection: { total_count: 9, offset: 0, limit: 100 },
    });
    expect(json.item_collection.entries).toHaveLength(9);
    const root = await get('/2.0/folders/0?fields=name,item_collection', parent);
    expect(root.json.item_collection.entries.map((e: any) => e.name)).toEqual(['Artwork', 'Private']);
  });

  it('pages items with offset and limit, and honours fields', async () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 12; offset += 4) {
      const { json } = await get(`/2.0/folders/100/items?offset=${offset}&limit=4&fields=name,size`, parent);
      expect(json).toMatchObject({ total_count: 9, offset, limit: 4 });
      expect(json.entries.length).toBe(Math.max(0, Math.min(4, 9 - offset)));
      for (const entry of json.entries) {
        expect(entry).toMatchObject({ type: 'file', id: expect.any(String), name: expect.any(String), size: expect.any(Number) });
        seen.push(entry.id);
      }
    }
    expect(new Set(seen)).toEqual(new Set(['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008', '1009']));
    const defaults = await get('/2.0/folders/100/items', parent);
    expect(defaults.json).toMatchObject({ total_count: 9, offset: 0, limit: 100 });
    expect(defaults.json.entries[0].size).toBeUndefined();
  });

  it('lowers a limit over 1000, refuses bad offsets and limits with invalid_offset/invalid_limit, and unknown folders', async () => {
    expect((await get('/2.0/folders/100/items?limit=1001', parent)).json).toMatchObject({ limit: 1000, total_count: 9 });
    expect((await get('/2.0/folders/100/items?offset=-1', parent)).json).toEqual(boxError(400, 'invalid_offset'));
    expect((await get('/2.0/folders/100/items?offset=x', parent)).json).toEqual(boxError(400, 'invalid_offset'));
    expect((await get('/2.0/folders/100/items?limit=0', parent)).json).toEqual(boxError(400, 'invalid_limit'));
    expect((await get('/2.0/folders/100/items?limit=-5', parent)).json).toEqual(boxError(400, 'invalid_limit'));
    expect((await get('/2.0/folders/555', parent)).json).toEqual(boxError(404, 'not_found'));
  });

  it('answers offsets up to 10 000 and refuses a larger one with a 400 naming the offset, pointing to marker paging', async () => {
    expect((await get('/2.0/folders/100/items?offset=10000', parent)).json).toMatchObject({ total_count: 9, offset: 10_000, entries: [] });
    const refused = await get('/2.0/folders/100/items?offset=10001&limit=10', parent);
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      ...boxError(400, 'bad_request'),
      message: 'Bad Request',
      context_info: {
        errors: [{ reason: 'invalid_parameter', name: 'offset', message: "Invalid value '10001'. The offset must not exceed the maximum offset of 10000" }],
      },
    });
    expect((await get('/2.0/folders/100/items?offset=250000', parent)).status).toBe(400);
    // Marker paging is not limited.
    expect((await get('/2.0/folders/100/items?usemarker=true&limit=2', parent)).json.entries).toHaveLength(2);
  });

  it('hides folders (404) from tokens restricted to a file', async () => {
    const token = await fileToken('1001', ['base_preview', 'item_download']);
    for (const path of ['/2.0/folders/100', '/2.0/folders/100/items', '/2.0/folders/0']) {
      expect((await get(path, token)).json).toEqual(boxError(404, 'not_found'));
    }
    const unrestricted = await downscope(url, parent, ['base_explorer']);
    expect((await get('/2.0/folders/100/items', unrestricted)).status).toBe(200);
  });
});

describe('shared items', () => {
  async function linkOf(fileId: string): Promise<string> {
    return (await get(`/2.0/files/${fileId}?fields=shared_link`, parent)).json.shared_link.url;
  }

  it('resolves a shared link from the BoxApi header, and exports the same lookup', async () => {
    const link = await linkOf('1004');
    expect(findFileBySharedLink(link)).toMatchObject({ file: { id: '1004' }, passwordProtected: false });
    const { status, json } = await get('/2.0/shared_items?fields=name', parent, { boxapi: `shared_link=${encodeURIComponent(link)}` });
    expect(status).toBe(200);
    expect(json).toEqual({ type: 'file', id: '1004', etag: '0', name: 'Crimson Portrait.jpg' });
  });

  it('refuses a token restricted to another file, unknown links and a missing header', async () => {
    const link = await linkOf('1004');
    const other = await fileToken('1001', ['base_preview']);
    expect((await get('/2.0/shared_items', other, { boxapi: `shared_link=${link}` })).status).toBe(404);
    expect((await get('/2.0/shared_items', parent, { boxapi: `shared_link=${url}/s/${'0'.repeat(32)}` })).json).toEqual(
      boxError(404, 'not_found'),
    );
    expect((await get('/2.0/shared_items', parent)).json).toEqual(boxError(400, 'bad_request'));
  });

  it('downscopes to the file a shared link opens', async () => {
    const link = await linkOf('1004');
    const result = await exchange(url, { subject_token: parent, scope: 'base_preview', box_shared_link: link });
    expect(result.status).toBe(200);
    const token = result.body.access_token as string;
    expect((await get('/2.0/shared_items?fields=name', token, { boxapi: `shared_link=${link}` })).json.id).toBe('1004');
    expect((await get('/2.0/files/1004?fields=name', token)).status).toBe(200);
    expect((await get('/2.0/files/1001?fields=name', token)).status).toBe(404);
  });

  it('asks for the password of a protected link', async () => {
    const link = await linkOf('2001');
    expect(findFileBySharedLink(link)?.passwordProtected).toBe(true);
    const header = (extra: string) => ({ boxapi: `shared_link=${encodeURIComponent(link)}${extra}` });
    expect((await get('/2.0/shared_items', parent, header(''))).json).toEqual(boxError(403, 'incorrect_shared_item_password'));
    expect((await get('/2.0/shared_items', parent, header('&shared_link_password=wrong'))).status).toBe(403);
    const password = encodeURIComponent(sharedLinkPasswordOf('2001')!);
    const ok = await get('/2.0/shared_items', parent, header(`&shared_link_password=${password}`));
    expect(ok.status).toBe(200);
    expect(ok.json.id).toBe('2001');
  });
});

describe('box-node-sdk reads the content API', () => {
  function client(token: string): BoxClient {
    const networkSession = new NetworkSession({
      baseUrls: new BaseUrls({ baseUrl: url, uploadUrl: url, oauth2Url: `${url}/oauth2` }),
    });
    return new BoxClient({ auth: new BoxDeveloperTokenAuth({ token }), networkSession });
  }

  it('deserializes files with preview fields, folder items and shared items', async () => {
    const token = await fileToken('1001', ['base_preview', 'annotation_view_self']);
    const file = await client(token).files.getFileById('1001', { queryParams: { fields: PREVIEW_FIELDS.split(',') } });
    expect(file.name).toBe('Sunset Over Dunes.jpg');
    expect(file.permissions).toMatchObject({ canDownload: false, canPreview: true, canViewAnnotationsSelf: true, canAnnotate: false });
    expect(file.representations?.entries?.length).toBeGreaterThan(0);
    expect(file.fileVersion?.id).toBe('91001');

    const items = await client(parent).folders.getFolderItems('100', { queryParams: { limit: 5, fields: ['name', 'sha1'] } });
    expect(items.totalCount).toBe(9);
    expect(items.entries).toHaveLength(5);

    const link = file.sharedLink!.url;
    const shared = await client(parent).sharedLinksFiles.findFileForSharedLink({}, { boxapi: `shared_link=${link}` });
    expect(shared.id).toBe('1001');
  });
});
