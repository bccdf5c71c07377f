import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoxConnection } from '@/lib/box/connection';
import { sandboxCredentials } from '@/lib/box/credentials';
import { createGalleryLister } from '@/lib/box/folders';
import { fetchThumbnail } from '@/lib/box/thumbnails';
import type { GalleryFile } from '@/lib/box/types';
import { createFleetRedis, type FleetRedis } from '@/lib/fleet/redis';
import { thumbnailOf, type GalleryThumbnailDeps } from '@/lib/gallery/gallery-thumbnail';
import { createDiskThumbnailStore, createLayeredThumbnailStore, createRedisThumbnailStore, type ThumbnailStore } from '@/lib/gallery/thumbnail-store';
import { ARTWORK_FOLDER_ID } from '@/lib/sandbox/catalog';
import { sandboxForThisFile, TEST_SANDBOX_DATA_DIR } from '@/tests/helpers/sandbox';
import { startRedisServer, type RedisServer } from '@/tests/setup/redis-server';

/**
 * Gallery thumbnails shared by a fleet in Redis: "instances" here are each a
 * Box connection, a disk store in a folder of its own and a Redis client, on
 * one Redis under one key prefix, as separate app processes would be. A
 * thumbnail is fetched from Box once for the fleet; Redis down or frozen, the
 * instances serve from disk and Box; pending and placeholder answers are
 * never kept.
 */
const sandbox = sandboxForThisFile();
let scratch: string;
const clients: FleetRedis[] = [];

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'easel-fleet-thumbs-'));
});
afterAll(() => {
  for (const redis of clients) {
    try {
      redis.client.destroy();
    } catch {
      // already closed
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: install Debian redis-server (tests/setup/redis.ts starts it).');
  return url;
}

interface Instance {
  deps: GalleryThumbnailDeps;
  disk: ThumbnailStore;
  redis: FleetRedis;
  files: () => Promise<GalleryFile[]>;
}

/** A fleet on one Redis (a key prefix of its own): each call starts one more instance. */
function fleetOf(url = redisUrl(), redisOptions: { timeoutMs?: number; maxEntryBytes?: number } = {}): () => Instance {
  const prefix = `test-${randomBytes(4).toString('hex')}:`;
  return () => {
    const connection = createBoxConnection(sandboxCredentials(TEST_SANDBOX_DATA_DIR, sandbox.current.url), { retryBudgetMs: 2_000, sharedParent: null });
    const lister = createGalleryLister(connection, [ARTWORK_FOLDER_ID]);
    const redis = createFleetRedis(url, prefix);
    clients.push(redis);
    const disk = createDiskThumbnailStore({ dir: mkdtempSync(path.join(scratch, 'disk-')), maxBytes: 10 * 1024 * 1024 });
    const store = createLayeredThumbnailStore(disk, createRedisThumbnailStore({ redis, ...redisOptions }));
    return {
      disk,
      redis,
      files: async () => (await lister.listPage({ limit: 8 })).files,
      deps: {
        store,
        listedVersion: lister.listedVersion,
        currentVersion: async () => {
          throw new Error('the listing knows every version here');
        },
        fetch: (id) => fetchThumbnail(id, connection),
      },
    };
  };
}

/** Box thumbnail requests for a file since the sandbox's last reset. */
async function thumbnailCalls(fileId: string): Promise<number> {
  return (await sandbox.current.requestsSince(0)).filter((entry) => entry.path === `/2.0/files/${fileId}/thumbnail.jpg`).length;
}

function bytesOf(thumbnail: Awaited<ReturnType<typeof thumbnailOf>>): Buffer {
  if (thumbnail.status !== 'ready') throw new Error(`thumbnail ${thumbnail.status}`);
  return thumbnail.bytes;
}

describe('gallery thumbnails shared in Redis', () => {
  it('two instances with separate disks fetch a thumbnail from Box once in total; the second keeps it on its own disk too', async () => {
    const next = fleetOf();
    const [a, b] = [next(), next()];
    const file = (await a.files())[0]!;
    await b.files(); // B's listing knows the version too

    const fromA = bytesOf(await thumbnailOf(a.deps, file.id, file.versionId));
    expect(await thumbnailCalls(file.id)).toBe(1);
    expect(await b.disk.get(file.id, file.versionId)).toBeUndefined(); // not on B's disk: from Redis
    const fromB = bytesOf(await thumbnailOf(b.deps, file.id, file.versionId));
    expect(fromB.equals(fromA)).toBe(true);
    expect(await thumbnailCalls(file.id)).toBe(1);
    expect((await b.disk.get(file.id, file.versionId))?.equals(fromA)).toBe(true);

    // In Redis with a bounded lifetime, under ids only.
    const key = `${b.redis.prefix}thumb:${file.id}:${file.versionId}`;
    const ttl = await b.redis.client.pTTL(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);
  });

  it('four instances asking for the same cold thumbnail at once (Box slow): one Box fetch, every instance served and keeping it on disk', async () => {
    const next = fleetOf();
    const fleet = [next(), next(), next(), next()];
    await Promise.all(fleet.map((instance) => instance.redis.ready()));
    const file = (await fleet[0]!.files())[0]!;
    await Promise.all(fleet.map((instance) => instance.files()));
    await sandbox.current.control('POST', 'faults', { latencyMs: 300 });

    const served = await Promise.all(fleet.map((instance) => thumbnailOf(instance.deps, file.id, file.versionId)));
    const bytes = served.map(bytesOf);
    expect(bytes.every((each) => each.equals(bytes[0]!))).toBe(true);
    expect(await thumbnailCalls(file.id)).toBe(1);
    for (const instance of fleet) expect((await instance.disk.get(file.id, file.versionId))?.equals(bytes[0]!)).toBe(true);
  });

  it('never keeps a pending (202) or placeholder (302) answer: the next instance asks Box again', async () => {
    const next = fleetOf();
    const [a, b] = [next(), next()];
    const [pending, placeholder] = await a.files();
    await b.files();
    await sandbox.current.control('POST', 'setup', { thumbnails: { [pending!.id]: 'pending', [placeholder!.id]: 'placeholder' } });

    expect((await thumbnailOf(a.deps, pending!.id, pending!.versionId)).status).toBe('pending');
    expect((await thumbnailOf(a.deps, placeholder!.id, placeholder!.versionId)).status).toBe('placeholder');
    for (const file of [pending!, placeholder!]) {
      expect(await a.redis.client.exists(`${a.redis.prefix}thumb:${file.id}:${file.versionId}`)).toBe(0);
      expect(await a.disk.get(file.id, file.versionId)).toBeUndefined();
    }
    expect((await thumbnailOf(b.deps, pending!.id, pending!.versionId)).status).toBe('pending');
    expect((await thumbnailOf(b.deps, placeholder!.id, placeholder!.versionId)).status).toBe('placeholder');
    expect(await thumbnailCalls(pending!.id)).toBe(2);
    expect(await thumbnailCalls(placeholder!.id)).toBe(2);

    // Once Box has it, it is kept and shared.
    await sandbox.current.control('POST', 'setup', { thumbnails: { [pending!.id]: 'ready' } });
    bytesOf(await thumbnailOf(a.deps, pending!.id, pending!.versionId));
    bytesOf(await thumbnailOf(b.deps, pending!.id, pending!.versionId));
    expect(await thumbnailCalls(pending!.id)).toBe(3);
  });

  it('keeps a thumbnail over the per-entry size cap out of Redis (on disk only)', async () => {
    const next = fleetOf(redisUrl(), { maxEntryBytes: 100 });
    const [a, b] = [next(), next()];
    const file = (await a.files())[0]!;
    await b.files();
    const bytes = bytesOf(await thumbnailOf(a.deps, file.id, file.versionId));
    expect(bytes.length).toBeGreaterThan(100);
    expect(await a.redis.client.exists(`${a.redis.prefix}thumb:${file.id}:${file.versionId}`)).toBe(0);
    expect((await a.disk.get(file.id, file.versionId))?.equals(bytes)).toBe(true);
    bytesOf(await thumbnailOf(b.deps, file.id, file.versionId));
    expect(await thumbnailCalls(file.id)).toBe(2);
  });
});

describe('gallery thumbnails with Redis down or frozen', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('Redis killed: every instance still serves thumbnails (from its disk, else from Box), never an error', async () => {
    const next = fleetOf(server.url);
    const [a, b] = [next(), next()];
    await Promise.all([a.redis.ready(), b.redis.ready()]);
    const [first, second] = await a.files();
    await b.files();
    const kept = bytesOf(await thumbnailOf(a.deps, first!.id, first!.versionId));

    await server.stop(true);
    // A: from its disk, no Box call. B: not on its disk, Redis gone: from Box.
    expect(bytesOf(await thumbnailOf(a.deps, first!.id, first!.versionId)).equals(kept)).toBe(true);
    expect(await thumbnailCalls(first!.id)).toBe(1);
    expect(bytesOf(await thumbnailOf(b.deps, first!.id, first!.versionId)).equals(kept)).toBe(true);
    expect(await thumbnailCalls(first!.id)).toBe(2);
    // A thumbnail fetched while Redis is down is still kept on disk.
    bytesOf(await thumbnailOf(b.deps, second!.id, second!.versionId));
    bytesOf(await thumbnailOf(b.deps, second!.id, second!.versionId));
    expect(await thumbnailCalls(second!.id)).toBe(1);
    await server.start();
  });

  it('Redis frozen (answers nothing): a thumbnail is served after at most the store\'s short wait, not the socket timeout', async () => {
    const next = fleetOf(server.url, { timeoutMs: 200 });
    const [a, b] = [next(), next()];
    await Promise.all([a.redis.ready(), b.redis.ready()]);
    const file = (await a.files())[0]!;
    await b.files();
    bytesOf(await thumbnailOf(a.deps, file.id, file.versionId));

    server.pause();
    try {
      const started = Date.now();
      bytesOf(await thumbnailOf(b.deps, file.id, file.versionId)); // Redis read times out: Box; Redis write times out too
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await thumbnailCalls(file.id)).toBe(2);
    } finally {
      server.resume();
    }
  });
});
