import { describe, expect, it } from 'vitest';
import { readFileAnnotations } from '@/lib/box/annotations';
import { createBoxConnection } from '@/lib/box/connection';
import { sandboxCredentials } from '@/lib/box/credentials';
import { createFileReader } from '@/lib/box/files';
import { readFolderFileIds } from '@/lib/box/folder-file-ids';
import { createGalleryLister } from '@/lib/box/folders';
import { fetchThumbnail } from '@/lib/box/thumbnails';
import { checkFileTokenAtBox } from '@/lib/box/token-check';
import { probeBox } from '@/lib/health/probe-box';
import { getMetrics } from '@/lib/metrics/registry';
import { ARTWORK_FOLDER_ID, SAMPLE_FILES } from '@/lib/sandbox/catalog';
import { sandboxForThisFile, TEST_SANDBOX_DATA_DIR } from '../helpers/sandbox';

/**
 * easel_box_calls_total counts every call Easel makes to Box, once, by what it
 * was for (`kind`) and Box's answer (`status`): checked against the sandbox's
 * own log of the requests it answered.
 */
const sandbox = sandboxForThisFile();
const artwork = SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID);

function connect() {
  return createBoxConnection(sandboxCredentials(TEST_SANDBOX_DATA_DIR, sandbox.current.url), { retryBudgetMs: 2_000, sharedParent: null });
}

/** The counter's values now, as `kind status` → count. */
async function boxCalls(): Promise<Map<string, number>> {
  const { values } = await getMetrics().boxCalls.get();
  return new Map(values.map((entry) => [`${entry.labels.kind} ${entry.labels.status}`, entry.value]));
}

/** What was counted between two readings (only the labels that moved). */
function counted(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const moved: Record<string, number> = {};
  for (const [labels, value] of after) {
    const delta = value - (before.get(labels) ?? 0);
    if (delta !== 0) moved[labels] = delta;
  }
  return moved;
}

/** The sandbox's answers since `since` as `METHOD path status` → count (ids kept). */
async function answered(since: number): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  for (const request of await sandbox.current.requestsSince(since)) {
    const key = `${request.method} ${request.path} ${request.status}`;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}

describe('Box call metrics', () => {
  it('count a file-metadata read as `file` with Box\'s status: 200, then 304 when revalidated unchanged, and 404', async () => {
    const connection = connect();
    await connection.auth.current(); // the grant, counted on its own
    const reader = createFileReader(connection, { ttlMs: 0, staleMs: 0 });
    const fileId = artwork[0]!.id;
    const since = Date.now();
    const before = await boxCalls();

    expect((await reader.getFile(fileId))?.id).toBe(fileId);
    expect((await reader.getFile(fileId))?.id).toBe(fileId); // If-None-Match → 304
    expect(await reader.getFile('987654321')).toBeUndefined();

    expect(counted(before, await boxCalls())).toEqual({ 'file 200': 1, 'file 304': 1, 'file 404': 1 });
    expect(await answered(since)).toEqual({
      [`GET /2.0/files/${fileId} 200`]: 1,
      [`GET /2.0/files/${fileId} 304`]: 1,
      'GET /2.0/files/987654321 404': 1,
    });
  });

  it('count folder listings as `folder` with their status, one per page Box answered', async () => {
    const connection = connect();
    await connection.auth.current();
    const since = Date.now();
    const before = await boxCalls();

    const page = await createGalleryLister(connection, [ARTWORK_FOLDER_ID]).listPage({ limit: 3 });
    expect(page.files).toHaveLength(3);
    const ids = await readFolderFileIds(connection, ARTWORK_FOLDER_ID);
    expect(ids.ids.size).toBe(artwork.length);
    // A folder the app can't see: 404 at Box, counted as such (and no members).
    expect((await readFolderFileIds(connection, '987654321')).ids.size).toBe(0);

    expect(counted(before, await boxCalls())).toEqual({ 'folder 200': 2, 'folder 404': 1 });
    expect(await answered(since)).toEqual({ [`GET /2.0/folders/${ARTWORK_FOLDER_ID}/items 200`]: 2, 'GET /2.0/folders/987654321/items 404': 1 });
  });

  it('count every other call once with its kind: grant, thumbnail (ready and pending), token check, annotations, health probe', async () => {
    const [ready, pending] = [artwork[0]!.id, artwork[1]!.id];
    await sandbox.current.control('POST', 'setup', { thumbnails: { [pending]: 'pending' } });
    const since = Date.now();
    const before = await boxCalls();

    const connection = connect();
    expect((await fetchThumbnail(ready, connection)).status).toBe('ready');
    expect((await fetchThumbnail(pending, connection)).status).toBe('pending');
    expect(await checkFileTokenAtBox(connection, 'not-a-token', ready)).toBe('dead');
    expect(await readFileAnnotations(connection, ready)).toEqual([]);
    expect((await probeBox(sandbox.current.url)).reachable).toBe(true);

    const moved = counted(before, await boxCalls());
    expect(moved).toMatchObject({ 'grant 200': 1, 'thumbnail 200': 1, 'thumbnail 202': 1, 'check 401': 1, 'annotations 200': 1 });
    expect(Object.keys(moved).filter((labels) => labels.startsWith('health '))).toHaveLength(1);
    // Nothing uncounted, nothing counted twice: one count per request Box (the sandbox) answered.
    const total = (tally: Record<string, number>) => Object.values(tally).reduce((sum, value) => sum + value, 0);
    expect(total(moved)).toBe(total(await answered(since)));
    expect(total(moved)).toBe(6);
  });
});
