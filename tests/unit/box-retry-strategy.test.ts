import { describe, expect, it } from 'vitest';
import { FetchOptions, type FetchResponse } from 'box-node-sdk/networking';
import { BoundedRetryStrategy, retryAfterSecondsOf } from '@/lib/box/retry-strategy';

function call(): FetchOptions {
  return new FetchOptions({ url: 'https://api.box.com/oauth2/token', method: 'POST', headers: {} });
}

const answer = (status: number, headers: Record<string, string> = {}): FetchResponse => ({ status, headers });

/** Runs the strategy as the SDK does: shouldRetry, then retryAfter, attempt after attempt. */
async function waitsFor(strategy: BoundedRetryStrategy, responses: FetchResponse[]): Promise<{ waits: number[]; retried: boolean[] }> {
  const options = call();
  const waits: number[] = [];
  const retried: boolean[] = [];
  for (const [index, response] of responses.entries()) {
    const again = await strategy.shouldRetry(options, response, index + 1);
    retried.push(again);
    if (!again) break;
    waits.push(strategy.retryAfter(options, response, index + 1));
  }
  return { waits, retried };
}

describe('retry-after parsing', () => {
  it('reads the lowercase header node-fetch produces, and HTTP dates', () => {
    expect(retryAfterSecondsOf({ 'retry-after': '1' })).toBe(1);
    expect(retryAfterSecondsOf({ 'Retry-After': '2.5' })).toBe(2.5);
    expect(retryAfterSecondsOf({})).toBeUndefined();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(retryAfterSecondsOf({ 'retry-after': inTenSeconds })).toBeGreaterThan(8);
  });
});

describe('BoundedRetryStrategy', () => {
  it('waits what retry-after says on 429', async () => {
    const strategy = new BoundedRetryStrategy({ totalWaitMs: 10_000, maxAttempts: 5 });
    const { waits, retried } = await waitsFor(strategy, [answer(429, { 'retry-after': '1' }), answer(429, { 'retry-after': '1' }), answer(200)]);
    expect(waits).toEqual([1, 1]);
    expect(retried).toEqual([true, true, false]);
  });

  it('stops once the next wait would pass the total budget', async () => {
    const strategy = new BoundedRetryStrategy({ totalWaitMs: 2_500, maxAttempts: 10 });
    const busy = answer(503, { 'retry-after': '1' });
    const { waits, retried } = await waitsFor(strategy, [busy, busy, busy, busy]);
    expect(waits).toEqual([1, 1]);
    expect(retried).toEqual([true, true, false]);
  });

  it('does not wait at all when retry-after alone exceeds the budget', async () => {
    const strategy = new BoundedRetryStrategy({ totalWaitMs: 5_000, maxAttempts: 5 });
    expect((await waitsFor(strategy, [answer(429, { 'retry-after': '60' })])).retried).toEqual([false]);
  });

  it('backs off exponentially on 5xx without retry-after, within the budget and attempt limit', async () => {
    const strategy = new BoundedRetryStrategy({ totalWaitMs: 60_000, maxAttempts: 4 });
    const { waits, retried } = await waitsFor(strategy, [answer(500), answer(502), answer(503), answer(504)]);
    expect(retried).toEqual([true, true, true, false]);
    expect(waits[0]).toBeGreaterThanOrEqual(0.25);
    expect(waits[0]).toBeLessThanOrEqual(0.75);
    expect(waits[2]).toBeGreaterThanOrEqual(1);
    expect(waits[2]).toBeLessThanOrEqual(3);
  });

  it('leaves other client errors alone', async () => {
    const strategy = new BoundedRetryStrategy({ totalWaitMs: 10_000, maxAttempts: 5 });
    for (const status of [400, 403, 404, 409]) expect((await waitsFor(strategy, [answer(status)])).retried).toEqual([false]);
  });

  it('budgets each call separately', async () => {
    const strategy = new BoundedRetryStrategy({ totalWaitMs: 1_000, maxAttempts: 5 });
    const busy = answer(429, { 'retry-after': '1' });
    expect((await waitsFor(strategy, [busy, busy])).retried).toEqual([true, false]);
    expect((await waitsFor(strategy, [busy, busy])).retried).toEqual([true, false]);
  });

  it('on 401 of an authenticated call refreshes the parent token once, then gives up', async () => {
    const refreshed: number[] = [];
    const parent = { generation: () => 7, refreshAfterRejection: async (generation: number) => void refreshed.push(generation) };
    const strategy = new BoundedRetryStrategy({ totalWaitMs: 10_000, maxAttempts: 5 }, parent);
    const auth = {} as FetchOptions['auth'];
    const options = strategy.interceptor.beforeRequest(new FetchOptions({ url: 'https://api.box.com/2.0/files/1', method: 'GET', headers: {}, auth }));
    expect(await strategy.shouldRetry(options, answer(401), 1)).toBe(true);
    expect(strategy.retryAfter(options, answer(401), 1)).toBe(0);
    expect(await strategy.shouldRetry(options, answer(401), 2)).toBe(false);
    expect(refreshed).toEqual([7]);
  });
});
