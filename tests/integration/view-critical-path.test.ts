import { describe, expect, it } from 'vitest';
import { createBoxConnection } from '@/lib/box/connection';
import { sandboxCredentials } from '@/lib/box/credentials';
import { createFileReader } from '@/lib/box/files';
import type { LoggedRequest } from '@/lib/sandbox/request-log';
import { ARTWORK_FOLDER_ID } from '@/lib/sandbox/catalog';
import { sandboxForThisFile, TEST_SANDBOX_DATA_DIR } from '../helpers/sandbox';
import { createTokenHarness } from '../helpers/token-harness';

const box = sandboxForThisFile();

function connect() {
  return createBoxConnection(sandboxCredentials(TEST_SANDBOX_DATA_DIR, box.current.url), { retryBudgetMs: 5_000 });
}

const overlap = (a: LoggedRequest, b: LoggedRequest) => a.startedAt < b.endedAt && b.startedAt < a.endedAt;

describe('a view costs Box one serial round trip on the server', () => {
  it('reads the file alongside the token exchange, not after it', async () => {
    const harness = createTokenHarness(box.current);
    await harness.policy.assertGalleryFile('1001'); // the gallery listing, as a running server has it
    await box.current.control('POST', 'faults', { latencyMs: 150 });
    const since = Date.now();
    const result = await harness.grantFileToken({ kind: 'anonymous', clientKey: 'view-test' }, '1002', { withFile: true });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.file?.name).toBe('Harbour at Dawn.png');
    expect(result.file?.wire).toMatchObject({ type: 'file', id: '1002', shared_link: null });
    expect(result.file?.wire.representations).toBeTruthy();
    const requests = await box.current.requestsSince(since);
    const exchange = requests.find((request) => request.method === 'POST' && request.path === '/oauth2/token');
    const read = requests.find((request) => request.method === 'GET' && request.path === '/2.0/files/1002');
    expect(exchange && read).toBeTruthy();
    expect(overlap(exchange!, read!)).toBe(true);
  });

  it('answers a page from kept metadata at once and revalidates it in the background', async () => {
    const reader = createFileReader(connect(), { ttlMs: 0, staleMs: 60_000 });
    expect((await reader.getFile('1003'))?.name).toBe('Forest Study.jpg');
    await box.current.control('POST', 'faults', { latencyMs: 300 });
    const since = Date.now();
    const started = performance.now();
    expect((await reader.getFile('1003'))?.name).toBe('Forest Study.jpg');
    expect(performance.now() - started).toBeLessThan(250);
    // An access check never takes the stale copy: it waits for the revalidation (already in flight).
    expect((await reader.getFile('1003', { allowStale: false }))?.parentFolderIds).toContain(ARTWORK_FOLDER_ID);
    const reads = (await box.current.requestsSince(since)).filter((request) => request.path === '/2.0/files/1003');
    expect(reads).toHaveLength(1);
    // Revalidated by etag: Box answers 304 with no body when the file is unchanged.
    expect(reads[0]!.status).toBe(304);
  });

  it('a warmed-up instance answers its first token with one Box round trip (the exchange)', async () => {
    const harness = createTokenHarness(box.current);
    // What lib/access/warm-up.ts does when a server starts.
    await harness.connection.auth.current();
    await harness.policy.prefetch?.();
    await box.current.control('POST', 'faults', { latencyMs: 150 });
    const since = Date.now();
    const result = await harness.grantFileToken({ kind: 'anonymous', clientKey: 'fresh-test' }, '1004');
    expect(result.status).toBe('ok');
    const calls = await box.current.requestsSince(since);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /oauth2/token']);
  });
});
