import 'server-only';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { galleryFolderIdsOf, getEnv } from '../config/env';
import { log } from '../log';
import { getBoxConnection, type BoxConnection } from './connection';
import { singleFlight } from '../single-flight';
import type { GalleryFile, GalleryPage } from './types';
import { toApiError } from './upstream-error';
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
}

export function createGalleryLister(connection: BoxConnection, folderIds: readonly string[], options: { ttlMs?: number } = {}): GalleryLister {
  const cache = new LRUCache<string, FolderChunk>({ max: 500, ttl: options.ttlMs ?? 30_000 });
  const flights = singleFlight<string, FolderChunk>();

  async function fetchChunk(folderId: string, offset: number, limit: number): Promise<FolderChunk> {
    const key = `${folderId}:${offset}:${limit}`;
    const hit = cache.get(key);
    if (hit) return hit;
    return flights.run(key, async () => {
      const started = Date.now();
      try {
        const items = await connection.client.folders.getFolderItems(folderId, { queryParams: { fields: FIELDS, offset, limit } });
        const entries = items.entries ?? [];
        const files: GalleryFile[] = [];
        for (const entry of entries) {
          if (entry.type !== 'file') continue;
          files.push({
            id: entry.id,
            name: entry.name ?? '',
            extension: entry.extension ?? '',
            size: entry.size ?? 0,
            versionId: entry.fileVersion?.id ?? '',
          });
        }
        const chunk = { files, consumed: entries.length, totalCount: items.totalCount ?? offset + entries.length };
        cache.set(key, chunk);
        log.debug({ event: 'box.folder.items', folderId, offset, count: entries.length, ms: Date.now() - started }, 'folder listed');
        return chunk;
      } catch (error) {
        log.warn({ event: 'box.folder.items_failed', folderId, ms: Date.now() - started }, 'folder listing failed');
        throw toApiError(error);
      }
    });
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
  };
}

/** One page of the gallery folders' files, in folder order. */
export function listGalleryPage(options: { cursor?: string; limit?: number } = {}): Promise<GalleryPage> {
  const lister = processSingleton('box.gallery', () => createGalleryLister(getBoxConnection(), galleryFolderIdsOf(getEnv())));
  return lister.listPage(options);
}
