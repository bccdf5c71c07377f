import { describe, expect, it } from 'vitest';
import { ExpiringTokenStorage, refreshMarginMs } from '@/lib/box/token-storage';

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('ExpiringTokenStorage', () => {
  it('refreshes 60-minute tokens after 50 minutes, short ones with a quarter left', () => {
    expect(refreshMarginMs(3_600_000)).toBe(600_000);
    expect(refreshMarginMs(20_000)).toBe(5_000);
  });

  it('returns the token until it is inside its refresh margin, then nothing (so the SDK refreshes)', async () => {
    const time = clock();
    const storage = new ExpiringTokenStorage(time.now);
    expect(await storage.get()).toBeUndefined();
    await storage.store({ accessToken: 'parent-1', expiresIn: 3600 });
    time.advance(49 * 60_000 + 59_000);
    expect((await storage.get())?.accessToken).toBe('parent-1');
    time.advance(1_000);
    expect(await storage.get()).toBeUndefined();
  });

  it('counts generations, so a caller can tell its failed token from a newer one', async () => {
    const storage = new ExpiringTokenStorage(clock().now);
    expect(storage.describe().generation).toBe(0);
    await storage.store({ accessToken: 'a', expiresIn: 60 });
    await storage.store({ accessToken: 'b', expiresIn: 60 });
    expect(storage.describe().generation).toBe(2);
    await storage.clear();
    expect(await storage.get()).toBeUndefined();
    expect(storage.describe().generation).toBe(2);
  });

  it('keeps a token without a lifetime (developer token) until cleared', async () => {
    const time = clock();
    const storage = new ExpiringTokenStorage(time.now);
    await storage.store({ accessToken: 'dev' });
    time.advance(10 * 3_600_000);
    expect((await storage.get())?.accessToken).toBe('dev');
  });
});
