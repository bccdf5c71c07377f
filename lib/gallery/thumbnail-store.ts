import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { getEnv } from '../config/env';
import { log } from '../log';
import { processSingleton } from '../process-singleton';

/**
 * Thumbnail bytes by file version, kept so a warm gallery costs Box nothing.
 * A version's thumbnail never changes, so entries never go stale; they are
 * only evicted, least recently used first, past the size bound. The disk store
 * lives in the data directory; a shared store (e.g. Redis, for several
 * instances) implements the same two methods.
 */
export interface ThumbnailStore {
  get(fileId: string, versionId: string): Promise<Buffer | undefined>;
  set(fileId: string, versionId: string, bytes: Buffer): Promise<void>;
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

/** The process's thumbnail store: `$EASEL_DATA_DIR/thumbnails`, bounded by EASEL_THUMBNAIL_CACHE_MB. */
export function getThumbnailStore(): ThumbnailStore {
  return processSingleton('gallery.thumbnail_store', () => {
    const env = getEnv();
    const dir = path.resolve(env.EASEL_DATA_DIR, 'thumbnails');
    log.debug({ event: 'gallery.thumbnail_store', maxMb: env.EASEL_THUMBNAIL_CACHE_MB }, 'thumbnail store on disk');
    return createDiskThumbnailStore({ dir, maxBytes: env.EASEL_THUMBNAIL_CACHE_MB * 1024 * 1024 });
  });
}
