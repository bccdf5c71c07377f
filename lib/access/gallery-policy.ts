import 'server-only';
import { LRUCache } from 'lru-cache';
import { getBoxConnection } from '../box/connection';
import { getFileReader } from '../box/files';
import { readFolderFileIds } from '../box/folder-file-ids';
import type { FileReader, FolderFileIds } from '../box/types';
import { galleryFolderIdsOf, getEnv } from '../config/env';
import { ApiError } from '../http/api-error';
import { log } from '../log';
import { processSingleton } from '../process-singleton';
import { singleFlight } from '../single-flight';
import { createDefaultListingShare } from './fleet-folder-listings';

/**
 * Which files anonymous visitors may open: those inside a gallery folder, at
 * any depth. Direct children are found in the gallery folder's item list
 * (one Box call per folder answers for every file in it); anything else is
 * decided by the file's own path_collection. A file outside the gallery and
 * a file that does not exist get the very same 404, so the answer tells a
 * visitor nothing about what else the Box account holds.
 */
export interface AccessPolicy {
  assertGalleryFile(fileId: string): Promise<void>;
  /** Fetches the gallery folders' listings ahead of the first check (instance start). */
  prefetch?(): Promise<void>;
}

export function fileNotFound(): ApiError {
  return new ApiError('not_found:file', 'No such file in the gallery.');
}

export interface AccessPolicyDeps {
  files: FileReader;
  listFolder: (folderId: string) => Promise<FolderFileIds>;
  /** With several instances: the fleet's copy of the listings (fleet-folder-listings.ts). */
  listingShare?: ListingShare;
}

/** An answer and when Box gave it. */
export interface Listed<T> {
  value: T;
  at: number;
}

/**
 * Folder listings shared by several instances: `fetch` answers a listing Box
 * gave (to this instance or another) less than `ttlMs` ago, else lists with
 * `list`; `at` is when Box answered, so a shared copy ages from then.
 */
export interface ListingShare {
  fetch(folderId: string, lifetime: { list: () => Promise<FolderFileIds>; ttlMs: number; now: () => number }): Promise<Listed<FolderFileIds>>;
}

/** How long a gallery folder listing (and a membership answer) is reused. */
export const GALLERY_LISTING_TTL_MS = 60_000;

export interface AccessPolicyOptions {
  galleryFolderIds: readonly string[];
  /** How long a membership answer (yes or no) and a folder listing are reused. */
  ttlMs?: number;
  max?: number;
  /**
   * While Box fails, the last good listing and membership answers keep being
   * used for at most this long (then requests fail closed). Default 15 min.
   */
  staleMaxMs?: number;
  /** How long a view waits for a refresh before the last good answer is used. */
  refreshWaitMs?: number;
  now?: () => number;
}

/**
 * Stale-on-error: a folder listing or membership answer older than the TTL is
 * refreshed from Box, but when that refresh fails (or is still retrying after
 * `refreshWaitMs`) the last good answer is served, for at most `staleMaxMs`,
 * and logged, so a Box hiccup on /folders doesn't take down views whose
 * tokens are cached. With no good answer, or one too old, the error stands.
 */
export function createAccessPolicy(deps: AccessPolicyDeps, options: AccessPolicyOptions): AccessPolicy {
  const gallery = new Set(options.galleryFolderIds);
  const ttl = options.ttlMs ?? GALLERY_LISTING_TTL_MS;
  const staleMaxMs = options.staleMaxMs ?? 15 * 60_000;
  const refreshWaitMs = options.refreshWaitMs ?? 750;
  const now = options.now ?? Date.now;
  const membership = new LRUCache<string, Listed<boolean>>({ max: options.max ?? 10_000 });
  const listings = new LRUCache<string, Listed<FolderFileIds>>({ max: 100 });
  const listingFlights = singleFlight<string, Listed<FolderFileIds>>();
  const membershipFlights = singleFlight<string, Listed<boolean>>();

  /** A fresh answer within the TTL; else refresh, falling back to the last good one while Box fails. */
  async function answer<T>(kind: string, key: string, known: Listed<T> | undefined, refreshing: boolean, refresh: () => Promise<Listed<T>>): Promise<Listed<T>> {
    if (known && now() - known.at < ttl) return known;
    const usable = known && now() - known.at <= staleMaxMs;
    // Someone is already waiting on Box for this: don't queue behind them.
    if (usable && refreshing) return known;
    const pending = refresh();
    if (!usable) return pending;
    pending.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waited'>((resolve) => {
      timer = setTimeout(() => resolve('waited'), refreshWaitMs);
    });
    try {
      const fresh = await Promise.race([pending, waited]);
      if (fresh !== 'waited') return fresh;
      log.warn({ event: 'access.stale_served', kind, key, ageMs: now() - known.at, reason: 'slow' }, 'Box is slow: serving the last good answer');
      return known;
    } catch (error) {
      log.warn({ event: 'access.stale_served', kind, key, ageMs: now() - known.at, reason: 'error', err: error }, 'Box failed: serving the last good answer');
      return known;
    } finally {
      clearTimeout(timer);
    }
  }

  function listing(folderId: string): Promise<Listed<FolderFileIds>> {
    return answer('folder', folderId, listings.get(folderId), listingFlights.has(folderId), () =>
      listingFlights.run(folderId, async () => {
        const list = () => deps.listFolder(folderId);
        const fresh = deps.listingShare ? await deps.listingShare.fetch(folderId, { list, ttlMs: ttl, now }) : { value: await list(), at: now() };
        listings.set(folderId, fresh);
        return fresh;
      }),
    );
  }

  async function isGalleryFile(fileId: string): Promise<boolean> {
    const pages = await Promise.all([...gallery].map(listing));
    if (pages.some((page) => page.value.ids.has(fileId))) return true;
    const file = await deps.files.getFile(fileId, { allowStale: false });
    return file !== undefined && file.parentFolderIds.some((id) => gallery.has(id));
  }

  return {
    async prefetch() {
      await Promise.all([...gallery].map(listing));
    },
    async assertGalleryFile(fileId) {
      const inGallery = await answer('membership', fileId, membership.get(fileId), membershipFlights.has(fileId), () =>
        membershipFlights.run(fileId, async () => {
          const fresh = { value: await isGalleryFile(fileId), at: now() };
          membership.set(fileId, fresh);
          return fresh;
        }),
      );
      if (!inGallery.value) throw fileNotFound();
    },
  };
}

function defaultPolicy(): AccessPolicy {
  return processSingleton('access.gallery_policy', () => {
    const galleryFolderIds = galleryFolderIdsOf(getEnv());
    if (galleryFolderIds.length === 0) log.warn({ event: 'config.gallery_empty' }, 'EASEL_GALLERY_FOLDER_IDS is not set: no file is public');
    const connection = getBoxConnection();
    const listingShare = createDefaultListingShare();
    return createAccessPolicy(
      { files: getFileReader(), listFolder: (folderId) => readFolderFileIds(connection, folderId), ...(listingShare ? { listingShare } : {}) },
      { galleryFolderIds },
    );
  });
}

/** The process-wide policy's listings, fetched ahead (see lib/access/warm-up.ts). */
export async function prefetchGalleryListings(): Promise<void> {
  await defaultPolicy().prefetch?.();
}

/** Throws ApiError not_found:file unless the file is inside a gallery folder. */
export function assertGalleryFile(fileId: string): Promise<void> {
  return defaultPolicy().assertGalleryFile(fileId);
}
