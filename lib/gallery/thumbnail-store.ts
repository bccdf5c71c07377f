import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RESP_TYPES } from 'redis';
import type { Thumbnail } from '../box/types';
import { getEnv } from '../config/env';
import { fleetOnce } from '../fleet/lock';
import { getFleetRedis, redisFailed, type FleetRedis } from '../fleet/redis';
import { log } from '../log';
import { processSingleton } from '../process-singleton';

/**
 * Thumbnail bytes by file version, kept so a warm gallery costs Box nothing.
 * A version's thumbnail never changes, so entries never go stale; they are
 * only evicted, least recently used first, past the size bound. The disk store
 * lives in the data directory; with REDIS_URL set, a fleet's instances also
 * share them in Redis (createRedisThumbnailStore, layered under the disk store
 * by createLayeredThumbnailStore).
 */
export interface ThumbnailStore {
  get(fileId: string, versionId: string): Promise<Buffer | undefined>;
  set(fileId: string, versionId: string, bytes: Buffer): Promise<void>;
  /**
   * A shared store's one Box fetch per version fleet-wide: `fetch` (which keeps what it
   * gets) runs on one instance while the others wait briefly for its bytes. Absent, or
   * the shared store unreachable: `fetch` runs here.
   */
  once?(fileId: string, versionId: string, fetch: () => Promise<Thumbnail>): Promise<Thumbnail>;
}

export interface DiskThumbnailStoreOptions {
  dir: string;
  maxBytes: number;
}

function fileNameOf(fileId: string, versionId: string): string {
  return `${createHash('sha256').update(`${fileId}\n${versionId}`).digest('hex')}.jpg`;
}

export function createDiskThumbnailStore({ dir, maxBytes }: DiskThumbnailStoreOptions): ThumbnailStore {
  /** File name → size, least recently used first (Map keeps insertion order). */
  const index = new Map<string, number>();
  let total = 0;
  let ready: Promise<void> | undefined;

  /** Builds the index from what an earlier run left, oldest first. */
  function load(): Promise<void> {
    ready ??= (async () => {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const names = (await readdir(dir)).filter((name) => name.endsWith('.jpg'));
      const found = await Promise.all(names.map(async (name) => ({ name, info: await stat(path.join(dir, name)).catch(() => undefined) })));
      for (const { name, info } of found.filter((entry) => entry.info).sort((a, b) => a.info!.mtimeMs - b.info!.mtimeMs)) {
        index.set(name, info!.size);
        total += info!.size;
      }
    })();
    return ready;
  }

  function forget(name: string): void {
    total -= index.get(name) ?? 0;
    index.delete(name);
  }

  async function evict(): Promise<void> {
    for (const [name] of index) {
      if (total <= maxBytes) return;
      forget(name);
      await rm(path.join(dir, name), { force: true });
    }
  }

  return {
    async get(fileId, versionId) {
      await load();
      const name = fileNameOf(fileId, versionId);
      if (!index.has(name)) return undefined;
      try {
        const bytes = await readFile(path.join(dir, name));
        const size = index.get(name);
        if (size !== undefined) {
          index.delete(name);
          index.set(name, size); // most recently used
        }
        return bytes;
      } catch {
        forget(name); // removed behind our back: a miss
        return undefined;
      }
    },
    async set(fileId, versionId, bytes) {
      if (bytes.length > maxBytes) return;
      await load();
      const name = fileNameOf(fileId, versionId);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temporary = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}`);
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, path.join(dir, name));
      forget(name);
      index.set(name, bytes.length);
      total += bytes.length;
      await evict();
    },
  };
}

export interface RedisThumbnailStoreOptions {
  redis: FleetRedis;
  /** How long an instance waits for another instance's fetch of the same version (LOCK_WAIT_MS). */
  lockWaitMs?: number;
  /** An entry's lifetime in Redis, renewed each time an instance reads it. */
  ttlMs?: number;
  /** Thumbnails larger than this stay out of Redis (disk only). */
  maxEntryBytes?: number;
  /** Longest wait on Redis for one read or write; past it the caller goes on without Redis. */
  timeoutMs?: number;
}

/** A week: a gallery seen weekly stays warm; a version no tile links any more (the file changed) ages out. */
const REDIS_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A 320 px JPEG is tens of KB; Box's answer is refused past 2 MB (lib/box/thumbnails.ts). */
const REDIS_MAX_ENTRY_BYTES = 512 * 1024;
/** A disk read or a Box fetch is the fallback: not worth waiting long for a slow Redis. */
const REDIS_TIMEOUT_MS = 250;
/** Longer than a thumbnail fetch may take (lib/box/thumbnails.ts times out at 15 s). */
const LOCK_TTL_MS = 16_000;
/**
 * How long an instance waits for another's fetch of the same version before fetching on its
 * own (Box answers a thumbnail in well under a second). A pending or placeholder answer is
 * never stored, so waiters for one each ask Box in turn, as without Redis.
 */
const LOCK_WAIT_MS = 3_000;

class RedisTimeout extends Error {
  constructor() {
    super('Redis did not answer in time');
  }
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisTimeout()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Thumbnail bytes shared by a fleet in Redis, under `<prefix>thumb:<fileId>:<versionId>`
 * (ids only: thumbnails are not secrets, so the bytes are stored as they are, unsealed).
 * Same rule as the disk store: one entry per file version, whose bytes never change, so
 * an entry never goes stale; memory is bounded by a TTL per entry (renewed on read, so
 * what galleries show stays, and a superseded version, which no tile asks for, expires)
 * and a size cap per entry. Never throws: Redis unreachable, failing or slower than
 * `timeoutMs` is a miss on read and a skip on write (counted in easel_redis_errors_total).
 */
export function createRedisThumbnailStore({
  redis,
  ttlMs = REDIS_TTL_MS,
  maxEntryBytes = REDIS_MAX_ENTRY_BYTES,
  timeoutMs = REDIS_TIMEOUT_MS,
  lockWaitMs = LOCK_WAIT_MS,
}: RedisThumbnailStoreOptions): ThumbnailStore {
  const keyOf = (fileId: string, versionId: string) => `${redis.prefix}thumb:${fileId}:${versionId}`;
  const binary = redis.client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  const op = 'thumbnail';

  function failed(action: 'get' | 'set' | 'lock', error: unknown): undefined {
    const reason = error instanceof Error ? error.message : 'unknown';
    redisFailed(op, error); // counts it
    log.debug({ event: 'gallery.thumbnail_redis_failed', action, reason }, 'thumbnail store: Redis failed, going on without it');
    return undefined;
  }

  /** The bytes, `miss`, or `failed` (unreachable, refused or slower than `timeoutMs`). */
  async function lookup(fileId: string, versionId: string): Promise<Buffer | 'miss' | 'failed'> {
    if (!(await redis.ready())) return 'failed'; // degraded: the disk and Box serve
    try {
      const bytes = await within(timeoutMs, binary.getEx(keyOf(fileId, versionId), { type: 'PX', value: ttlMs }));
      return Buffer.isBuffer(bytes) && bytes.length > 0 ? bytes : 'miss';
    } catch (error) {
      failed('get', error);
      return 'failed';
    }
  }

  async function get(fileId: string, versionId: string): Promise<Buffer | undefined> {
    const found = await lookup(fileId, versionId);
    return Buffer.isBuffer(found) ? found : undefined;
  }

  return {
    get,
    async once(fileId, versionId, fetch) {
      // A bounded look first: a frozen Redis would hold the lock command until the socket
      // times out (seconds), and the caller has just missed anyway, so this costs one GET.
      const found = await lookup(fileId, versionId);
      if (Buffer.isBuffer(found)) return { status: 'ready', bytes: found, contentType: 'image/jpeg' };
      const client = found === 'miss' ? await redis.ready() : undefined;
      if (!client) return fetch();
      let fetching = false;
      try {
        const { value } = await fleetOnce<Thumbnail>({
          client,
          lockKey: `${keyOf(fileId, versionId)}:lock`,
          lockName: op,
          read: async () => {
            const bytes = await get(fileId, versionId);
            return bytes ? { status: 'ready', bytes, contentType: 'image/jpeg' } : undefined;
          },
          compute: () => {
            fetching = true;
            return fetch();
          },
          lockTtlMs: LOCK_TTL_MS,
          waitMs: lockWaitMs,
        });
        return value;
      } catch (error) {
        if (fetching) throw error; // Box's answer, not Redis's
        failed('lock', error);
        return fetch();
      }
    },
    async set(fileId, versionId, bytes) {
      if (bytes.length === 0 || bytes.length > maxEntryBytes) return;
      if (!(await redis.ready())) return;
      try {
        await within(timeoutMs, binary.set(keyOf(fileId, versionId), bytes, { expiration: { type: 'PX', value: ttlMs } }));
      } catch (error) {
        failed('set', error);
      }
    },
  };
}

/**
 * The local store first, then the shared one. Entries are immutable per version, so
 * the two layers can never disagree: reading the local disk first is never wrong and
 * saves a Redis round trip for every thumbnail this instance already holds; a thumbnail
 * another instance fetched comes from Redis once and is then kept on disk too; a Box
 * fetch is written to both, and made by one instance of the fleet at a time (`once`).
 * With Redis down this is exactly the disk store.
 */
export function createLayeredThumbnailStore(local: ThumbnailStore, shared: ThumbnailStore): ThumbnailStore {
  return {
    async get(fileId, versionId) {
      const kept = await local.get(fileId, versionId);
      if (kept) return kept;
      const fromFleet = await shared.get(fileId, versionId).catch(() => undefined);
      if (fromFleet) {
        await local.set(fileId, versionId, fromFleet).catch((error: unknown) => {
          log.warn({ event: 'gallery.thumbnail_store_failed', fileId, err: error instanceof Error ? error.message : String(error) }, 'thumbnail from the fleet not kept on disk');
        });
      }
      return fromFleet;
    },
    async once(fileId, versionId, fetch) {
      if (!shared.once) return fetch();
      let fetched = false;
      const thumbnail = await shared.once(fileId, versionId, () => {
        fetched = true;
        return fetch(); // keeps what it gets in both layers (thumbnailOf)
      });
      if (!fetched && thumbnail.status === 'ready') {
        // Another instance's fetch, read from Redis: keep it on this disk too.
        await local.set(fileId, versionId, thumbnail.bytes).catch((error: unknown) => {
          log.warn({ event: 'gallery.thumbnail_store_failed', fileId, err: error instanceof Error ? error.message : String(error) }, 'thumbnail from the fleet not kept on disk');
        });
      }
      return thumbnail;
    },
    async set(fileId, versionId, bytes) {
      const [onDisk] = await Promise.allSettled([local.set(fileId, versionId, bytes), shared.set(fileId, versionId, bytes)]);
      if (onDisk.status === 'rejected') throw onDisk.reason;
    },
  };
}

/**
 * The process's thumbnail store: `$EASEL_DATA_DIR/thumbnails`, bounded by
 * EASEL_THUMBNAIL_CACHE_MB, and with REDIS_URL set, the fleet's Redis beneath it.
 */
export function getThumbnailStore(): ThumbnailStore {
  return processSingleton('gallery.thumbnail_store', () => {
    const env = getEnv();
    const dir = path.resolve(env.EASEL_DATA_DIR, 'thumbnails');
    const disk = createDiskThumbnailStore({ dir, maxBytes: env.EASEL_THUMBNAIL_CACHE_MB * 1024 * 1024 });
    const redis = getFleetRedis();
    log.debug({ event: 'gallery.thumbnail_store', maxMb: env.EASEL_THUMBNAIL_CACHE_MB, redis: redis !== undefined }, redis ? 'thumbnail store on disk and in Redis' : 'thumbnail store on disk');
    return redis ? createLayeredThumbnailStore(disk, createRedisThumbnailStore({ redis })) : disk;
  });
}
