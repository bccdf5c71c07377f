import { describe, expect, it } from 'vitest';
import { sandboxForThisFile } from '@/tests/helpers/sandbox';
import { createTokenHarness } from '@/tests/helpers/token-harness';

/**
 * Issue 11, finding 5: a Box hiccup on the folder API must not take views
 * down while their tokens are cached. The gallery policy serves its last good
 * listing while Box fails (stale-on-error), for a bounded time.
 */
const sandbox = sandboxForThisFile();

const FILES = ['1001', '1002', '1003', '1004'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Box folder-API outage with cached tokens (finding 5)', () => {
  it('12 × 503 on /2.0/folders while tokens are cached: 0 failed views, the same tokens served', async () => {
    const harness = createTokenHarness(sandbox.current, { policy: { ttlMs: 300 }, connection: { retryBudgetMs: 3_000 } });
    const first = new Map<string, string>();
    for (const fileId of FILES) {
      const response = await harness.request(fileId);
      expect(response.status).toBe(200);
      first.set(fileId, (await response.json()).accessToken);
    }
    await sleep(400); // the listing is now due for a refresh
    await sandbox.current.control('POST', 'faults', { respond: { status: 503, count: 12, path: '/2.0/folders' } });
    const statuses: number[] = [];
    const started = Date.now();
    for (let round = 0; round < 8; round += 1) {
      const responses = await Promise.all(FILES.map((fileId) => harness.request(fileId)));
      for (const [index, response] of responses.entries()) {
        statuses.push(response.status);
        if (response.status === 200) expect((await response.json()).accessToken).toBe(first.get(FILES[index]!));
      }
      await sleep(150);
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(statuses).toHaveLength(32);
    // Views did not queue behind Box's retries.
    expect(Date.now() - started).toBeLessThan(8 * 150 + 8 * 1000);
  });

  it('the last good listing is served for a bounded time only: a sustained outage then fails closed', async () => {
    const harness = createTokenHarness(sandbox.current, { policy: { ttlMs: 200, staleMaxMs: 1_000, refreshWaitMs: 100 }, connection: { retryBudgetMs: 500 } });
    expect((await harness.request('1005')).status).toBe(200);
    expect((await sandbox.current.control('POST', 'faults', { respond: { status: 503, count: 10_000, path: '/2.0/' } })).status).toBe(200);
    await sleep(300);
    expect((await harness.request('1005')).status).toBe(200);
    await sleep(1_200);
    expect((await harness.request('1005')).status).toBe(503);
  });
});
