import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// 20 gallery files: the 9 samples plus 11 small extras (read by lib/sandbox/catalog.ts at import).
vi.hoisted(() => {
  process.env.SANDBOX_EXTRA_FILES = '11';
});

import { revokeMintedTokens } from '@/lib/access/revoke-link';
import { ApiError } from '@/lib/http/api-error';
import { createRateLimiter } from '@/lib/http/rate-limit';
import { fleetOnce, releaseLock, tryLock } from '@/lib/fleet/lock';
import { createFleetRedis } from '@/lib/fleet/redis';
import { ARTWORK_FOLDER_ID, SAMPLE_FILES } from '@/lib/sandbox/catalog';
import { createFleet, type Fleet } from '@/tests/helpers/fleet-harness';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';
import { introspect } from '@/tests/helpers/token-harness';
import { startRedisServer, type RedisServer } from '@/tests/setup/redis-server';

const galleryIds = SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID).map((file) => file.id);

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: install Debian redis-server (tests/setup/redis.ts starts it).');
  return url;
}

let sandbox: TestSandbox;
const fleets: Fleet[] = [];
function newFleet(url = redisUrl()): Fleet {
  const fleet = createFleet(sandbox, url);
  fleets.push(fleet);
  return fleet;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterAll(async () => {
  delete process.env.SANDBOX_EXTRA_FILES;
  await Promise.all(fleets.map((fleet) => fleet.close()));
  await sandbox?.close();
});

describe('several instances on one Redis (token service level)', () => {
  it('200 concurrent requests over 20 cold files spread over two instances: exactly 20 exchanges and one grant fleet-wide, one token per file', async () => {
    await sandbox.control('POST', 'reset');
    expect(galleryIds).toHaveLength(20);
    const fleet = newFleet();
    const instances = [fleet.instance({ ratePerMinute: 10_000 }), fleet.instance({ ratePerMinute: 10_000 })];
    const requests = Array.from({ length: 200 }, (_, index) => ({ id: galleryIds[index % 20]!, instance: instances[Math.floor(index / 20) % 2]! }));
    const responses = await Promise.all(requests.map(({ id, instance }) => instance.request(id)));
    expect(responses.map((response) => response.status)).toEqual(requests.map(() => 200));
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as Array<{ fileId: string; accessToken: string }>;
    const tokenOf = new Map<string, string>();
    for (const body of bodies) {
      const known = tokenOf.get(body.fileId);
      if (known) expect(body.accessToken).toBe(known);
      else tokenOf.set(body.fileId, body.accessToken);
    }
    const stats = await instances[0]!.stats();
    expect(stats.exchanges).toBe(20);
    expect(stats.grants.jwt).toBe(1);
  });

  it('a link revoked on instance A revokes at Box the token instance B minted for it', async () => {
    await sandbox.control('POST', 'reset');
    const fleet = newFleet();
    const [a, b] = [fleet.instance(), fleet.instance()];
    const minted = await b.tokens.getFileToken({ fileId: galleryIds[0]!, role: 'viewer', linkId: 'link-fleet-1' });
    expect((await introspect(sandbox, minted.accessToken)).active).toBe(true);
    await expect(a.tokens.revokeLinkTokens('link-fleet-1')).resolves.toBe(1);
    expect((await introspect(sandbox, minted.accessToken)).active).toBe(false);
    // Nothing of it is handed out any more: the next request mints a new token.
    const next = await b.tokens.getFileToken({ fileId: galleryIds[0]!, role: 'viewer', linkId: 'link-fleet-1' });
    expect(next.accessToken).not.toBe(minted.accessToken);
  });

  it('a parent token Box rejects is replaced once for the whole fleet', async () => {
    await sandbox.control('POST', 'reset');
    const fleet = newFleet();
    const [a, b] = [fleet.instance(), fleet.instance()];
    await Promise.all([a.tokens.getFileToken({ fileId: galleryIds[0]!, role: 'viewer' }), b.tokens.getFileToken({ fileId: galleryIds[1]!, role: 'viewer' })]);
    expect((await a.stats()).grants.jwt).toBe(1);
    // Box revokes every token (the parent too): both instances hit the rejection at once.
    await sandbox.control('POST', 'faults', { revokeTokens: true });
    const fresh = await Promise.all(galleryIds.slice(5, 11).map((fileId, index) => (index % 2 === 0 ? a : b).tokens.getFileToken({ fileId, role: 'viewer' })));
    for (const token of fresh) expect((await introspect(sandbox, token.accessToken)).active).toBe(true);
    expect((await a.stats()).grants.jwt).toBe(2);
  });

  it('a limit of 5 stays 5 for the fleet: 3 + 3 attempts over two instances, the 6th is refused', async () => {
    const fleet = newFleet();
    const [a, b] = [fleet.instance(), fleet.instance()];
    const limiter = (instance: typeof a) => createRateLimiter({ name: 'link_password', points: 5, durationSeconds: 60, redis: instance.redis });
    const [onA, onB] = [limiter(a), limiter(b)];
    const outcomes: string[] = [];
    for (const target of [onA, onB, onA, onB, onA, onB]) {
      outcomes.push(await target.consume('198.51.100.4:link-x').then(() => 'ok', (error: unknown) => (error instanceof ApiError ? error.code : 'other')));
    }
    expect(outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'rate_limited:link_password']);
  });

  it('a Redis dump holds no token that Box calls active, though the fleet handed out live ones', async () => {
    await sandbox.control('POST', 'reset');
    const fleet = newFleet();
    const [a, b] = [fleet.instance(), fleet.instance()];
    const handedOut = await Promise.all([
      a.tokens.getFileToken({ fileId: galleryIds[1]!, role: 'viewer' }),
      b.tokens.getFileToken({ fileId: galleryIds[2]!, role: 'viewer', linkId: 'link-dump' }),
    ]);
    for (const token of handedOut) expect((await introspect(sandbox, token.accessToken)).active).toBe(true);

    const reader = createFleetRedis(redisUrl(), fleet.prefix);
    const client = (await reader.ready())!;
    const values: string[] = [];
    for await (const keys of client.scanIterator({ MATCH: `${fleet.prefix}*`, COUNT: 100 })) {
      for (const key of keys) {
        const type = await client.type(key);
        if (type === 'string') values.push((await client.get(key))!);
        if (type === 'hash') values.push(...Object.values(await client.hGetAll(key)));
      }
    }
    reader.client.destroy();
    // The two file tokens, the parent token and the link's registry entry are all in there, sealed.
    expect(values.length).toBeGreaterThanOrEqual(4);
    for (const value of values) {
      expect((await introspect(sandbox, value)).active).toBe(false);
      for (const token of handedOut) expect(value).not.toContain(token.accessToken);
    }
  });
});

describe('the fleet lock', () => {
  it('SET NX PX: one holder at a time; only the holder releases it (compare-and-delete); it expires on its own', async () => {
    const redis = createFleetRedis(redisUrl(), `lock-test-${Date.now()}:`);
    const client = (await redis.ready())!;
    try {
      const key = `${redis.prefix}lock`;
      const owner = await tryLock(client, key, 300);
      expect(owner).toBeDefined();
      expect(await tryLock(client, key, 300)).toBeUndefined();
      expect(await releaseLock(client, key, 'someone-else')).toBe(false);
      expect(await tryLock(client, key, 300)).toBeUndefined();
      expect(await releaseLock(client, key, owner!)).toBe(true);
      const next = await tryLock(client, key, 100);
      expect(next).toBeDefined();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await tryLock(client, key, 100)).toBeDefined();
    } finally {
      client.destroy();
    }
  });

  it('a waiter whose lock holder never delivers times out into its own compute instead of hanging', async () => {
    const redis = createFleetRedis(redisUrl(), `lock-test-${Date.now()}:`);
    const client = (await redis.ready())!;
    try {
      const lockKey = `${redis.prefix}stuck`;
      await tryLock(client, lockKey, 10_000);
      const started = Date.now();
      const result = await fleetOnce({ client, lockKey, lockName: 'test', read: async () => undefined, compute: async () => 'own', lockTtlMs: 1000, waitMs: 300 });
      expect(result).toEqual({ value: 'own', outcome: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      client.destroy();
    }
  });
});

describe('Redis down (degraded mode)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('views keep answering, link revocation fails closed, and after Redis returns the fleet converges', async () => {
    await sandbox.control('POST', 'reset');
    const fleet = newFleet(server.url);
    const [a, b] = [fleet.instance({ ratePerMinute: 10_000 }), fleet.instance({ ratePerMinute: 10_000 })];
    const [warmA, warmB] = await Promise.all([a.request(galleryIds[0]!), b.request(galleryIds[0]!)]);
    expect([warmA.status, warmB.status]).toEqual([200, 200]);
    const linkToken = await b.tokens.getFileToken({ fileId: galleryIds[3]!, role: 'viewer', linkId: 'link-degraded' });

    await server.stop(true);
    // Cached on both, fresh files minted as needed: every view answers 200.
    const during = await Promise.all([...galleryIds.slice(0, 6).map((id) => a.request(id)), ...galleryIds.slice(0, 6).map((id) => b.request(id))]);
    expect(during.map((response) => response.status)).toEqual(during.map(() => 200));
    // Revoking the link itself: it is off, but Box has not confirmed the tokens only the fleet knows of.
    expect(await revokeMintedTokens('link-degraded', (id) => a.tokens.revokeLinkTokensReport(id))).toMatchObject({ boxConfirmed: false });
    // Revocation can't reach the tokens other instances minted: it fails closed (503).
    const revocation = await a.tokens.revokeLinkTokens('link-degraded').then(
      () => 'resolved',
      (error: unknown) => (error instanceof ApiError ? error.code : 'other'),
    );
    expect(revocation).toBe('unavailable:shared_state');
    expect((await introspect(sandbox, linkToken.accessToken)).active).toBe(true);

    await server.start();
    // Once reconnected, the pending revocation reaches B's token.
    await vi.waitFor(async () => expect((await introspect(sandbox, linkToken.accessToken)).active).toBe(false), { timeout: 10_000, interval: 200 });
    const before = await a.stats();
    const after = await Promise.all([...galleryIds.slice(10, 16).map((id) => a.request(id)), ...galleryIds.slice(10, 16).map((id) => b.request(id))]);
    expect(after.map((response) => response.status)).toEqual(after.map(() => 200));
    const stats = await a.stats();
    // Shared again: six new files, six exchanges; parent grants: at most one per instance over the whole run.
    expect(stats.exchanges - before.exchanges).toBe(6);
    expect(stats.grants.jwt).toBeLessThanOrEqual(2);
  });

  it('a Redis that hangs (connection open, no answers) is noticed within seconds: views answer from memory instead of waiting on it', async () => {
    await sandbox.control('POST', 'reset');
    const fleet = newFleet(server.url);
    const a = fleet.instance({ ratePerMinute: 10_000 });
    expect((await a.request(galleryIds[0]!)).status).toBe(200);
    server.pause();
    try {
      const started = Date.now();
      const during = await Promise.all([a.request(galleryIds[0]!), a.request(galleryIds[1]!)]);
      expect(during.map((response) => response.status)).toEqual([200, 200]);
      // Bounded by the socket's silence limit (5 s), not by the hang.
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      server.resume();
    }
  }, 30_000);
});
