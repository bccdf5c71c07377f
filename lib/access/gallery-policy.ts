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
}

export function fileNotFound(): ApiError {
  return new ApiError('not_found:file', 'No such file in the gallery.');
}

export interface AccessPolicyDeps {
  files: FileReader;
  listFolder: (folderId: string) => Promise<FolderFileIds>;
}

export interface AccessPolicyOptions {
  galleryFolderIds: readonly string[];
  /** How long a membership answer (yes or no) and a folder listing are reused. */
  ttlMs?: number;
  max?: number;
}

export function createAccessPolicy(deps: AccessPolicyDeps, options: AccessPolicyOptions): AccessPolicy {
  const gallery = new Set(options.galleryFolderIds);
  const ttl = options.ttlMs ?? 60_000;
  const membership = new LRUCache<string, boolean>({ max: options.max ?? 10_000, ttl });
  const listings = new LRUCache<string, FolderFileIds>({ max: 100, ttl });
  const listingFlights = singleFlight<string, FolderFileIds>();

  async function listing(folderId: string): Promise<FolderFileIds> {
    const cached = listings.get(folderId);
    if (cached) return cached;
    return listingFlights.run(folderId, async () => {
      const fresh = await deps.listFolder(folderId);
      listings.set(folderId, fresh);
      return fresh;
    });
  }

  async function isGalleryFile(fileId: string): Promise<boolean> {
    const pages = await Promise.all([...gallery].map(listing));
    if (pages.some((page) => page.ids.has(fileId))) return true;
    const file = await deps.files.getFile(fileId);
    return file !== undefined && file.parentFolderIds.some((id) => gallery.has(id));
  }

  return {
    async assertGalleryFile(fileId) {
      let inGallery = membership.get(fileId);
      if (inGallery === undefined) {
        inGallery = await isGalleryFile(fileId);
        membership.set(fileId, inGallery);
      }
      if (!inGallery) throw fileNotFound();
    },
  };
}

function defaultPolicy(): AccessPolicy {
  return processSingleton('access.gallery_policy', () => {
    const galleryFolderIds = galleryFolderIdsOf(getEnv());
    if (galleryFolderIds.length === 0) log.warn({ event: 'config.gallery_empty' }, 'EASEL_GALLERY_FOLDER_IDS is not set: no file is public');
    const connection = getBoxConnection();
    return createAccessPolicy(
      { files: getFileReader(), listFolder: (folderId) => readFolderFileIds(connection, folderId) },
      { galleryFolderIds },
    );
  });
}

/** Throws ApiError not_found:file unless the file is inside a gallery folder. */
export function assertGalleryFile(fileId: string): Promise<void> {
  return defaultPolicy().assertGalleryFile(fileId);
}
