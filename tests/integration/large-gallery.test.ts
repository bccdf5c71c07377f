import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// A 20 009-file gallery folder: the samples plus 20 000 extras sharing eight generated images.
vi.hoisted(() => {
  process.env.SANDBOX_EXTRA_FILES = '20000';
});

import { GET as galleryRoute } from '@/app/api/gallery/route';
import { createGalleryLister } from '@/lib/box/folders';
import { ARTWORK_FOLDER_ID, FIRST_EXTRA_FILE_ID, SAMPLE_FILES } from '@/lib/sandbox/catalog';
import { sandboxForThisFile, TEST_SANDBOX_DATA_DIR, type TestSandbox } from '@/tests/helpers/sandbox';
import { createTokenHarness } from '@/tests/helpers/token-harness';

const box = sandboxForThisFile();
const dataDir = mkdtempSync(path.join(tmpdir(), 'easel-large-gallery-'));
beforeAll(() => {
  // The API route reads its Box connection from the environment: this file's sandbox.
  process.env.EASEL_DATA_DIR = dataDir;
  process.env.SANDBOX_URL = box.current.url;
  process.env.SANDBOX_DATA_DIR = TEST_SANDBOX_DATA_DIR;
});
afterAll(() => {
  delete process.env.SANDBOX_EXTRA_FILES;
  rmSync(dataDir, { recursive: true, force: true });
});

const ARTWORK_COUNT = 20_009;

/** Waits until the sandbox has answered nothing new for half a second. */
async function quiet(sandbox: TestSandbox): Promise<void> {
  const since = Date.now();
  let seen = -1;
  for (let rounds = 0; rounds < 40; rounds++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const count = (await sandbox.requestsSince(since)).length;
    if (count === seen) return;
    seen = count;
  }
}

describe('a 20 000-file gallery folder', () => {
  it('is listed by the sandbox to its last page with markers, and refuses offsets past 10 000 as Box does', async () => {
    expect(SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID).length).toBe(ARTWORK_COUNT);
    const harness = createTokenHarness(box.current);
    const folders = harness.connection.client.folders;
    const ids: string[] = [];
    let marker: string | undefined;
    for (let pages = 0; pages < 30; pages++) {
      const items = await folders.getFolderItems(ARTWORK_FOLDER_ID, { queryParams: { usemarker: true, limit: 1000, fields: ['name'], ...(marker ? { marker } : {}) } });
      ids.push(...(items.entries ?? []).map((entry) => entry.id));
      marker = items.nextMarker ?? undefined;
      if (!marker) break;
    }
    expect(marker).toBeUndefined();
    expect(ids).toHaveLength(ARTWORK_COUNT);
    expect(new Set(ids).size).toBe(ARTWORK_COUNT);

    expect((await folders.getFolderItems(ARTWORK_FOLDER_ID, { queryParams: { offset: 10_000, limit: 1000, fields: ['name'] } })).entries).toHaveLength(1000);
    await expect(folders.getFolderItems(ARTWORK_FOLDER_ID, { queryParams: { offset: 10_001, limit: 1000, fields: ['name'] } })).rejects.toMatchObject({
      responseInfo: { statusCode: 400, body: { code: 'bad_request', context_info: { errors: [{ reason: 'invalid_parameter', name: 'offset' }] } } },
    });
  });

  it('pages the gallery through all of it past item 10 000: no error, no duplicate, no gap', async () => {
    const harness = createTokenHarness(box.current);
    const lister = createGalleryLister(harness.connection, [ARTWORK_FOLDER_ID], { ttlMs: 0, staleMs: 0 });
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (; pages < 100; pages++) {
      const page = await lister.listPage({ cursor, limit: 500 });
      ids.push(...page.files.map((file) => file.id));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeUndefined();
    expect(pages).toBe(Math.ceil(ARTWORK_COUNT / 500) - 1);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID).map((file) => file.id).sort());
  });

  it('answers the access check for any of its files in at most one Box call per file, none again within the cache lifetime', async () => {
    const harness = createTokenHarness(box.current);
    const ids = Array.from({ length: 40 }, (_, index) => String(FIRST_EXTRA_FILE_ID + 1_500 + index * 450)); // spread over the folder, past the first listing page
    const since = Date.now();
    for (const id of ids) await harness.policy.assertGalleryFile(id);
    const calls = await box.current.requestsSince(since);
    const fileReads = calls.filter((call) => /^\/2\.0\/files\/\d+$/.test(call.path));
    const listings = calls.filter((call) => call.path.startsWith('/2.0/folders/'));
    expect(fileReads.map((call) => call.path).sort()).toEqual(ids.map((id) => `/2.0/files/${id}`).sort());
    expect(listings.length).toBeLessThanOrEqual(1); // one page of 1 000, never the whole folder
    expect(calls.length - fileReads.length - listings.length).toBeLessThanOrEqual(1); // the parent token

    const again = Date.now();
    for (const id of ids) await harness.policy.assertGalleryFile(id);
    expect(await box.current.requestsSince(again)).toEqual([]);
  });

  it('still refuses files outside the gallery', async () => {
    const harness = createTokenHarness(box.current);
    await expect(harness.policy.assertGalleryFile('2001')).rejects.toMatchObject({ code: 'not_found:file' });
    await expect(harness.policy.assertGalleryFile(String(FIRST_EXTRA_FILE_ID + 20_000))).rejects.toMatchObject({ code: 'not_found:file' });
  });

  it('answers "Load more" at the API route past item 10 000, and a malformed or forged cursor with a 400', async () => {
    const harness = createTokenHarness(box.current);
    const lister = createGalleryLister(harness.connection, [ARTWORK_FOLDER_ID]);
    let cursor: string | undefined;
    for (let seen = 0; seen < 15_000; ) {
      const page = await lister.listPage({ cursor, limit: 1000 });
      seen += page.files.length;
      cursor = page.nextCursor;
    }
    const deep = await galleryRoute(new Request(`http://localhost/api/gallery?cursor=${encodeURIComponent(cursor!)}`));
    expect(deep.status).toBe(200);
    const body = (await deep.json()) as { tiles: Array<{ id: string }>; nextCursor: string | null };
    expect(body.tiles).toHaveLength(24);
    expect(body.nextCursor).toMatch(/^g0\.[A-Za-z0-9_-]+$/);
    const next = await galleryRoute(new Request(`http://localhost/api/gallery?cursor=${encodeURIComponent(body.nextCursor!)}`));
    expect(next.status).toBe(200);
    const nextIds = ((await next.json()) as { tiles: Array<{ id: string }> }).tiles.map((tile) => tile.id);
    expect(nextIds).toHaveLength(24);
    expect(nextIds.filter((id) => body.tiles.some((tile) => tile.id === id))).toEqual([]);

    for (const bad of ['0.10024', 'g0.%20x', `g0.${Buffer.from('not-a-box-marker').toString('base64url')}`]) {
      const refused = await galleryRoute(new Request(`http://localhost/api/gallery?cursor=${bad}`));
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('bad_request:cursor');
    }
    expect((await galleryRoute(new Request('http://localhost/api/gallery'))).status).toBe(400);
    await quiet(box.current); // the route warms the pages' thumbnails in the background
  });
});
