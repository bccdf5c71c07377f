import 'server-only';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { galleryFolderIdsOf, getEnv } from '../config/env';
import { log } from '../log';
import { getBoxConnection, type BoxConnection } from './connection';
import { singleFlight } from '../single-flight';
import type { GalleryFile, GalleryPage } from './types';
import { toApiError } from './upstream-error';
import { ApiError } from '../http/api-error';
import { processSingleton } from '../process-singleton';



const GALLERY_PAGE_SIZE = 24;
const FIELDS = ['type', 'name', 'extension', 'size', 'file_version'];
/** Box pages can be mostly subfolders; stop after this many calls per page. */
const MAX_CALLS_PER_PAGE = 5;

/** Cursor `<folder index>.<offset>`: where in the list of gallery folders the next page starts. */
const CursorSchema = z
  .string()
  .regex(/^\d{1,3}\.\d{1,7}$/)
  .transform((raw) => {
    const [folderIndex, offset] = raw.split('.').map(Number) as [number, number];
    return { folderIndex, offset };
  });

function parseGalleryCursor(raw: string | undefined): { folderIndex: number; offset: number } {
  const parsed = CursorSchema.safeParse(raw);
  return parsed.success ? parsed.data : { folderIndex: 0, offset: 0 };
}

interface FolderChunk {
  files: GalleryFile[];
  /** Entries Box returned (files and others), to advance the offset. */
  consumed: number;
  totalCount: number;
}

export interface GalleryLister {
  listPage(options: { cursor?: string; limit?: number }): Promise<GalleryPage>;
  /** The version of a gallery file as the last listing that showed it said (no Box call). */
  listedVersion(fileId: string): string | undefined;
}

export interface GalleryListerOptions {
  /** How long a listed chunk is used without asking Box. */
  ttlMs?: number;
  /** How long past `ttlMs` a chunk is still answered at once, refreshed in the background. */
  staleMs?: number;
  /** How long the last good chunk stands in when Box fails (429, 5xx, unreachable). */
  staleOnErrorMs?: number;
  now?: () => number;
}

interface KeptChunk {
  chunk: FolderChunk;
  at: number;
}

/**
 * Gallery pages from Box's folder listings, kept per (folder, offset, limit):
 * fresh for `ttlMs`; then answered at once and refreshed in the background
 * (one refresh at a time) for `staleMs`; and when a refresh fails, the last
 * good chunk keeps answering for `staleOnErrorMs`, so one 429 never blanks
 * the grid.
 */
export function createGalleryLister(connection: BoxConnection, folderIds: readonly string[], options: GalleryListerOptions = {}): GalleryLister {
  const ttl = options.ttlMs ?? 30_000;
  const stale = options.staleMs ?? 5 * 60_000;
  const staleOnError = options.staleOnErrorMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new LRUCache<string, KeptChunk>({ max: 500 });
  const versions = new LRUCache<string, string>({ max: 50_000 });
  const flights = singleFlight<string, FolderChunk>();

  async function readChunk(folderId: string, offset: number, limit: number): Promise<FolderChunk> {
    const started = Date.now();
    try {
      const items = await connection.client.folders.getFolderItems(folderId, { queryParams: { fields: FIELDS, offset, limit } });
      const entries = items.entries ?? [];
      const files: GalleryFile[] = [];
      for (const entry of entries) {
        if (entry.type !== 'file') continue;
        const file = {
          id: entry.id,
          name: entry.name ?? '',
          extension: entry.extension ?? '',
          size: entry.size ?? 0,
          versionId: entry.fileVersion?.id ?? '',
        };
        files.push(file);
        if (file.versionId) versions.set(file.id, file.versionId);
      }
      log.debug({ event: 'box.folder.items', folderId, offset, count: entries.length, ms: Date.now() - started }, 'folder listed');
      return { files, consumed: entries.length, totalCount: items.totalCount ?? offset + entries.length };
    } catch (error) {
      log.warn({ event: 'box.folder.items_failed', folderId, ms: Date.now() - started }, 'folder listing failed');
      throw toApiError(error);
    }
  }

  function refresh(key: string, folderId: string, offset: number, limit: number, kept: KeptChunk | undefined): Promise<FolderChunk> {
    return flights.run(key, async () => {
      try {
        const chunk = await readChunk(folderId, offset, limit);
        cache.set(key, { chunk, at: now() });
        return chunk;
      } catch (error) {
        const transient = error instanceof ApiError && error.status >= 500;
        if (transient && kept && now() - kept.at < ttl + staleOnError) {
          log.warn({ event: 'box.folder.items_stale', folderId, offset, ageMs: now() - kept.at }, 'folder listing failed: answering the last good one');
          return kept.chunk;
        }
        throw error;
      }
    });
  }

  async function fetchChunk(folderId: string, offset: number, limit: number): Promise<FolderChunk> {
    const key = `${folderId}:${offset}:${limit}`;
    const kept = cache.get(key);
    const age = kept ? now() - kept.at : Number.POSITIVE_INFINITY;
    if (kept && age < ttl) return kept.chunk;
    if (kept && age < ttl + stale) {
      refresh(key, folderId, offset, limit, kept).catch(() => undefined); // logged in readChunk
      return kept.chunk;
    }
    return refresh(key, folderId, offset, limit, kept);
  }

  return {
    async listPage({ cursor, limit = GALLERY_PAGE_SIZE }) {
      let { folderIndex, offset } = parseGalleryCursor(cursor);
      const files: GalleryFile[] = [];
      for (let calls = 0; calls < MAX_CALLS_PER_PAGE && files.length < limit && folderIndex < folderIds.length; calls++) {
        const folderId = folderIds[folderIndex]!;
        const chunk = await fetchChunk(folderId, offset, limit - files.length);
        files.push(...chunk.files);
        offset += chunk.consumed;
        if (chunk.consumed === 0 || offset >= chunk.totalCount) {
          folderIndex += 1;
          offset = 0;
        }
      }
      const done = folderIndex >= folderIds.length;
      return done ? { files } : { files, nextCursor: `${folderIndex}.${offset}` };
    },
    listedVersion: (fileId) => versions.get(fileId),
  };
}

function galleryLister(): GalleryLister {
  return processSingleton('box.gallery', () => createGalleryLister(getBoxConnection(), galleryFolderIdsOf(getEnv())));
}

/** One page of the gallery folders' files, in folder order. */
export function listGalleryPage(options: { cursor?: string; limit?: number } = {}): Promise<GalleryPage> {
  return galleryLister().listPage(options);
}

/** A gallery file's version as last listed, if it was. */
export function listedVersionOf(fileId: string): string | undefined {
  return galleryLister().listedVersion(fileId);
}
