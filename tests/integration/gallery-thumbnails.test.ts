import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBoxConnection } from '@/lib/box/connection';
import { sandboxCredentials } from '@/lib/box/credentials';
import { createGalleryLister } from '@/lib/box/folders';
import { fetchThumbnail } from '@/lib/box/thumbnails';
import { thumbnailOf } from '@/lib/gallery/gallery-thumbnail';
import { createDiskThumbnailStore } from '@/lib/gallery/thumbnail-store';
import { ARTWORK_FOLDER_ID } from '@/lib/sandbox/catalog';
import { startTestSandbox, TEST_SANDBOX_DATA_DIR, type TestSandbox } from '../helpers/sandbox';

let sandbox: TestSandbox;
let scratch: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  scratch = mkdtempSync(path.join(tmpdir(), 'easel-speed-'));
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(async () => {
  await sandbox.control('POST', 'reset');
});

function connect() {
  return createBoxConnection(sandboxCredentials(TEST_SANDBOX_DATA_DIR, sandbox.url), { retryBudgetMs: 5_000 });
}


describe('gallery thumbnails', () => {
  it('costs Box one call per thumbnail cold and none warm', async () => {
    const connection = connect();
    const lister = createGalleryLister(connection, [ARTWORK_FOLDER_ID]);
    const page = await lister.listPage({ limit: 4 });
    const store = createDiskThumbnailStore({ dir: path.join(scratch, 'thumbs-a'), maxBytes: 10 * 1024 * 1024 });
    const deps = {
      store,
      listedVersion: lister.listedVersion,
      currentVersion: async () => {
        throw new Error('the listing knows every version here');
      },
      fetch: (id: string) => fetchThumbnail(id, connection),
    };
    const cold = Date.now();
    const first = await Promise.all(page.files.map((file) => thumbnailOf(deps, file.id, file.versionId)));
    expect(first.map((thumbnail) => thumbnail.status)).toEqual(page.files.map(() => 'ready'));
    const coldCalls = await sandbox.requestsSince(cold);
    expect(coldCalls.map((request) => request.path).sort()).toEqual(page.files.map((file) => `/2.0/files/${file.id}/thumbnail.jpg`).sort());

    const warm = Date.now();
    const again = await Promise.all(page.files.map((file) => thumbnailOf(deps, file.id, file.versionId)));
    expect(await sandbox.requestsSince(warm)).toEqual([]);
    for (const [index, thumbnail] of again.entries()) {
      const before = first[index]!;
      expect(thumbnail.status === 'ready' && before.status === 'ready' && thumbnail.bytes.equals(before.bytes)).toBe(true);
    }
  });

  it('keeps the store within its bound, evicting the least recently used', async () => {
    const store = createDiskThumbnailStore({ dir: path.join(scratch, 'thumbs-b'), maxBytes: 2500 });
    const bytes = (fill: number) => Buffer.alloc(1000, fill);
    await store.set('1', 'v1', bytes(1));
    await store.set('2', 'v1', bytes(2));
    expect(await store.get('1', 'v1')).toEqual(bytes(1)); // 1 is now the most recently used
    await store.set('3', 'v1', bytes(3));
    expect(await store.get('2', 'v1')).toBeUndefined();
    expect(await store.get('1', 'v1')).toEqual(bytes(1));
    expect(await store.get('3', 'v1')).toEqual(bytes(3));
    expect(await store.get('3', 'v2')).toBeUndefined();
    // A new process finds what the last one kept.
    const reopened = createDiskThumbnailStore({ dir: path.join(scratch, 'thumbs-b'), maxBytes: 2500 });
    expect(await reopened.get('3', 'v1')).toEqual(bytes(3));
  });

  it('keeps answering the last good listing when Box answers 429', async () => {
    const lister = createGalleryLister(connect(), [ARTWORK_FOLDER_ID], { ttlMs: 0, staleMs: 0 });
    const first = await lister.listPage({ limit: 5 });
    await sandbox.control('POST', 'faults', { respond: { status: 429, count: 20, path: `/2.0/folders/${ARTWORK_FOLDER_ID}/items`, retryAfter: 0 } });
    const during = await lister.listPage({ limit: 5 });
    expect(during.files.map((file) => file.id)).toEqual(first.files.map((file) => file.id));
    // Nothing kept to fall back on: the failure shows.
    const fresh = createGalleryLister(connect(), [ARTWORK_FOLDER_ID], { ttlMs: 0, staleMs: 0 });
    await expect(fresh.listPage({ limit: 5 })).rejects.toMatchObject({ code: 'unavailable:box' });
  });
});
