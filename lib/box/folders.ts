import 'server-only';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { galleryFolderIdsOf, getEnv } from '../config/env';
import { log } from '../log';
import { timeBoxCall } from '../metrics/registry';
import { getBoxConnection, type BoxConnection } from './connection';
import { singleFlight } from '../single-flight';
import type { GalleryFile, GalleryPage } from './types';
import { describeBoxFailure, toApiError } from './upstream-error';
import { ApiError } from '../http/api-error';
import { processSingleton } from '../process-singleton';

const GALLERY_PAGE_SIZE = 24;
const FIELDS = ['type', 'name', 'extension', 'size', 'file_version'];
/** Box pages can be mostly subfolders; stop after this many calls per page. */
const MAX_CALLS_PER_PAGE = 5;

/**
 * Where the next gallery page starts: a gallery folder (its index in the
 * configured list) and Box's `next_marker` in it, or none for its first page.
 * Written `g<index>.<marker, base64url>`, opaque to callers. Box's markers are
 * opaque too and not for keeping long ("the internal implementation of the
 * markers may change"); a cursor is used within one visit.
 */
interface GalleryCursor {
  folderIndex: number;
  marker?: string;
}

/** A marker as Box writes them: printable ASCII, no spaces (Box's are far shorter than this bound). */
const BOX_MARKER = /^[\x21-\x7e]{1,1500}$/;

function decodeGalleryCursor(raw: string): GalleryCursor | undefined {
  const match = /^g(\d{1,3})\.([A-Za-z0-9_-]{0,2000})$/.exec(raw);
  if (!match) return undefined;
  const [, index, encoded] = match as unknown as [string, string, string];
  if (encoded === '') return { folderIndex: Number(index) };
  const marker = Buffer.from(encoded, 'base64url').toString('latin1');
  // Only the canonical encoding of a marker-shaped string: no padding tricks, no junk bytes.
  if (!BOX_MARKER.test(marker) || Buffer.from(marker, 'latin1').toString('base64url') !== encoded) return undefined;
  return { folderIndex: Number(index), marker };
}

/** A gallery cursor as `listGalleryPage` hands them out (for the API route's query schema). */
export const GalleryCursorSchema = z.string().refine((raw) => decodeGalleryCursor(raw) !== undefined, 'not a gallery cursor');

function galleryCursorOf(cursor: GalleryCursor): string {
  return `g${cursor.folderIndex}.${cursor.marker ? Buffer.from(cursor.marker, 'latin1').toString('base64url') : ''}`;
}

/** A cursor that does not parse starts over: the dashboard's `?files=` may be stale or hand-made (the API route refuses it with a 400). */
function parseGalleryCursor(raw: string | undefined): GalleryCursor {
  return (raw === undefined ? undefined : decodeGalleryCursor(raw)) ?? { folderIndex: 0 };
}

interface FolderChunk {
  files: GalleryFile[];
  /** Entries Box returned (files and others); none means the folder is done. */
  consumed: number;
  /** Box's `next_marker`; absent on the folder's last page. */
  nextMarker?: string;
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
 * Gallery pages from Box's folder listings, kept per (folder, marker, limit):
 * fresh for `ttlMs`; then answered at once and refreshed in the background
 * (one refresh at a time) for `staleMs`; and when a refresh fails, the last
 * good chunk keeps answering for `staleOnErrorMs`, so one 429 never blanks
 * the grid.
 *
 * Listings page with markers (`usemarker=true`), never offsets: Box refuses
 * offsets past a maximum, so "Load more" would fail deep in a big folder.
 * Order: marker paging takes no `sort` on Box (none at all on the root
 * folder), so none is asked for. Box lists a folder's subfolders before its
 * files (skipped here) and files in its own order, the same on every page of
 * one walk; the gallery shows them in that order, folder after folder.
 */
export function createGalleryLister(connection: BoxConnection, folderIds: readonly string[], options: GalleryListerOptions = {}): GalleryLister {
  const ttl = options.ttlMs ?? 30_000;
  const stale = options.staleMs ?? 5 * 60_000;
  const staleOnError = options.staleOnErrorMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new LRUCache<string, KeptChunk>({ max: 500 });
  const versions = new LRUCache<string, string>({ max: 50_000 });
  const flights = singleFlight<string, FolderChunk>();

  async function readChunk(folderId: string, marker: string | undefined, limit: number): Promise<FolderChunk> {
    const started = Date.now();
    try {
      const items = await timeBoxCall('folder', () =>
        connection.client.folders.getFolderItems(folderId, {
          queryParams: { fields: FIELDS, usemarker: true, ...(marker ? { marker } : {}), limit },
        }),
      );
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
      log.debug({ event: 'box.folder.items', folderId, first: !marker, count: entries.length, ms: Date.now() - started }, 'folder listed');
      return { files, consumed: entries.length, ...(items.nextMarker ? { nextMarker: items.nextMarker } : {}) };
    } catch (error) {
      const failure = describeBoxFailure(error);
      log.warn({ event: 'box.folder.items_failed', folderId, ms: Date.now() - started, box: failure }, 'folder listing failed');
      // Box refuses a marker it did not issue or no longer knows: the cursor that carried it is bad.
      if (marker && failure?.status === 400) throw new ApiError('bad_request:cursor', 'The cursor is missing or malformed.');
      throw toApiError(error);
    }
  }

  function refresh(key: string, folderId: string, marker: string | undefined, limit: number, kept: KeptChunk | undefined): Promise<FolderChunk> {
    return flights.run(key, async () => {
      try {
        const chunk = await readChunk(folderId, marker, limit);
        cache.set(key, { chunk, at: now() });
        return chunk;
      } catch (error) {
        const transient = error instanceof ApiError && error.status >= 500;
        if (transient && kept && now() - kept.at < ttl + staleOnError) {
          log.warn({ event: 'box.folder.items_stale', folderId, first: !marker, ageMs: now() - kept.at }, 'folder listing failed: answering the last good one');
          return kept.chunk;
        }
        throw error;
      }
    });
  }

  async function fetchChunk(folderId: string, marker: string | undefined, limit: number): Promise<FolderChunk> {
    const key = `${folderId}:${marker ?? ''}:${limit}`;
    const kept = cache.get(key);
    const age = kept ? now() - kept.at : Number.POSITIVE_INFINITY;
    if (kept && age < ttl) return kept.chunk;
    if (kept && age < ttl + stale) {
      refresh(key, folderId, marker, limit, kept).catch(() => undefined); // logged in readChunk
      return kept.chunk;
    }
    return refresh(key, folderId, marker, limit, kept);
  }

  return {
    async listPage({ cursor, limit = GALLERY_PAGE_SIZE }) {
      let { folderIndex, marker } = parseGalleryCursor(cursor);
      const files: GalleryFile[] = [];
      for (let calls = 0; calls < MAX_CALLS_PER_PAGE && files.length < limit && folderIndex < folderIds.length; calls++) {
        const folderId = folderIds[folderIndex]!;
        const chunk = await fetchChunk(folderId, marker, limit - files.length);
        files.push(...chunk.files);
        marker = chunk.nextMarker;
        if (chunk.consumed === 0 || !marker) {
          folderIndex += 1;
          marker = undefined;
        }
      }
      const done = folderIndex >= folderIds.length;
      return done ? { files } : { files, nextCursor: galleryCursorOf({ folderIndex, ...(marker ? { marker } : {}) }) };
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
