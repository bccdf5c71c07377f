import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoxConnection } from '@/lib/box/connection';
import { sandboxCredentials } from '@/lib/box/credentials';
import { createGalleryLister, GalleryCursorSchema } from '@/lib/box/folders';
import type { GalleryFile } from '@/lib/box/types';
import { fetchThumbnail } from '@/lib/box/thumbnails';
import { ARTWORK_FOLDER_ID, PRIVATE_FOLDER_ID, SAMPLE_FILES } from '@/lib/sandbox/catalog';
import { startTestSandbox, TEST_SANDBOX_DATA_DIR, type TestSandbox } from '../helpers/sandbox';

let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

function connect() {
  return createBoxConnection(sandboxCredentials(TEST_SANDBOX_DATA_DIR, sandbox.url), { retryBudgetMs: 5_000 });
}

async function allPages(lister: ReturnType<typeof createGalleryLister>, limit: number) {
  const pages: GalleryFile[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 20; guard++) {
    const page = await lister.listPage({ cursor, limit });
    pages.push(page.files);
    if (!page.nextCursor) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

describe('gallery listing through Box', () => {
  it('pages through a folder without loading it all at once', async () => {
    const artwork = SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID);
    const pages = await allPages(createGalleryLister(connect(), [ARTWORK_FOLDER_ID]), 4);
    expect(pages.map((page) => page.length)).toEqual([4, 4, artwork.length - 8]);
    const ids = pages.flat().map((file) => file.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(artwork.map((file) => file.id).sort());
    for (const file of pages.flat()) {
      expect(file.versionId).toMatch(/^\d+$/);
      expect(file.name).toBe(artwork.find((sample) => sample.id === file.id)?.name);
    }
  });

  it('continues into the next gallery folder and ends after the last one', async () => {
    const pages = await allPages(createGalleryLister(connect(), [ARTWORK_FOLDER_ID, PRIVATE_FOLDER_ID]), 24);
    const ids = pages.flat().map((file) => file.id);
    expect(ids).toHaveLength(SAMPLE_FILES.length);
    expect(ids).toContain('2001');
  });

  it('treats a malformed cursor, or an offset cursor from before marker paging, as the first page', async () => {
    const lister = createGalleryLister(connect(), [ARTWORK_FOLDER_ID]);
    const first = await lister.listPage({ limit: 3 });
    for (const cursor of ['../../etc', '0.24', 'g0.!!', `g0.${Buffer.from('has space').toString('base64url')}`, `g0.${Buffer.from('x').toString('base64url')}=`]) {
      const bogus = await lister.listPage({ cursor, limit: 3 });
      expect(bogus.files.map((file) => file.id)).toEqual(first.files.map((file) => file.id));
    }
  });

  it("hands out an opaque cursor carrying Box's marker, which the route's schema accepts", async () => {
    const lister = createGalleryLister(connect(), [ARTWORK_FOLDER_ID, PRIVATE_FOLDER_ID]);
    const first = await lister.listPage({ limit: 4 });
    expect(first.nextCursor).toMatch(/^g0\.[A-Za-z0-9_-]+$/);
    expect(GalleryCursorSchema.safeParse(first.nextCursor).success).toBe(true);
    // A page that ends exactly at a folder's end continues at the next folder's start (no marker).
    const rest = await lister.listPage({ cursor: first.nextCursor, limit: SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID).length - 4 });
    expect(rest.nextCursor).toBe('g1.');
    expect(GalleryCursorSchema.safeParse(rest.nextCursor).success).toBe(true);
  });

  it('refuses with bad_request:cursor a well-formed cursor whose marker Box did not issue', async () => {
    const lister = createGalleryLister(connect(), [ARTWORK_FOLDER_ID]);
    const forged = `g0.${Buffer.from('not-a-box-marker').toString('base64url')}`;
    expect(GalleryCursorSchema.safeParse(forged).success).toBe(true);
    await expect(lister.listPage({ cursor: forged, limit: 3 })).rejects.toMatchObject({ code: 'bad_request:cursor', status: 400 });
  });

  it('fetches a JPEG thumbnail no larger than 320 px', async () => {
    const thumbnail = await fetchThumbnail('1001', connect());
    expect(thumbnail.status).toBe('ready');
    if (thumbnail.status !== 'ready') return;
    expect([...thumbnail.bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(thumbnail.bytes.length).toBeGreaterThan(500);
  });

  it('reports a thumbnail of a missing file as missing', async () => {
    expect((await fetchThumbnail('999999', connect())).status).toBe('missing');
  });

  it("reports Box's 202 as pending with its Retry-After, and its 302 as a placeholder, never as the image", async () => {
    await sandbox.control('POST', 'setup', { thumbnails: { '1002': 'pending', '1003': 'placeholder' } });
    try {
      expect(await fetchThumbnail('1002', connect())).toEqual({ status: 'pending', retryAfterSeconds: 2 });
      expect(await fetchThumbnail('1003', connect())).toEqual({ status: 'placeholder' });
    } finally {
      await sandbox.control('POST', 'reset');
    }
    expect((await fetchThumbnail('1002', connect())).status).toBe('ready');
  });
});
