import { describe, expect, it } from 'vitest';
import { handOutWindowMs, MemoryTokenCache, minimumRemainingMs, tokenCacheKey } from '@/lib/access/token-cache';

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const token = (issuedAt: number, lifetimeMs: number, name = 't') => ({ accessToken: name, scopes: ['base_preview'], issuedAt, expiresAt: issuedAt + lifetimeMs });

describe('token cache rules', () => {
  it('hands out tokens with at least min(10 minutes, half the lifetime) left', () => {
    expect(minimumRemainingMs(4_000_000)).toBe(600_000);
    expect(minimumRemainingMs(60_000)).toBe(30_000);
    expect(handOutWindowMs(token(0, 3_600_000))).toBe(3_000_000);
    expect(handOutWindowMs(token(0, 20_000))).toBe(10_000);
  });

  it('keys by file, role, download, link, annotation visibility and reviewer', () => {
    const base = { fileId: '1', role: 'viewer', allowDownload: false, linkId: undefined };
    const keys = new Set([
      tokenCacheKey(base),
      tokenCacheKey({ ...base, fileId: '2' }),
      tokenCacheKey({ ...base, role: 'editor' }),
      tokenCacheKey({ ...base, allowDownload: true }),
      tokenCacheKey({ ...base, linkId: 'abc' }),
      tokenCacheKey({ ...base, annotations: 'self' }),
      tokenCacheKey({ ...base, reviewer: { id: 'r1', name: 'Ada' } }),
      tokenCacheKey({ ...base, reviewer: { id: 'r2', name: 'Ada' } }),
      // A renamed reviewer gets a new token: Box freezes the name onto each annotation.
      tokenCacheKey({ ...base, reviewer: { id: 'r1', name: 'Ada L.' } }),
    ]);
    expect(keys.size).toBe(9);
    expect(tokenCacheKey({ ...base, reviewer: { id: 'r1', name: 'Ada Lovelace' } })).not.toContain('Ada');
  });
});

describe('MemoryTokenCache', () => {
  it('forgets an entry when its time is up', async () => {
    const time = clock();
    const cache = new MemoryTokenCache({ max: 10, now: time.now });
    await cache.set('k', token(time.now(), 20_000), 10_000);
    time.advance(9_999);
    expect((await cache.get('k'))?.accessToken).toBe('t');
    time.advance(2);
    expect(await cache.get('k')).toBeUndefined();
  });

  it('is bounded: the least recently used entry goes first', async () => {
    const cache = new MemoryTokenCache({ max: 2 });
    await cache.set('a', token(0, 1e9, 'a'), 1e6);
    await cache.set('b', token(0, 1e9, 'b'), 1e6);
    await cache.get('a');
    await cache.set('c', token(0, 1e9, 'c'), 1e6);
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.accessToken).toBe('a');
    expect(cache.size).toBe(2);
  });

  it('does not keep a token with no hand-out time, and deletes on request', async () => {
    const cache = new MemoryTokenCache({ max: 2 });
    await cache.set('zero', token(0, 1), 0);
    expect(await cache.get('zero')).toBeUndefined();
    await cache.set('x', token(0, 1e9), 1e6);
    await cache.delete('x');
    expect(await cache.get('x')).toBeUndefined();
  });
});
