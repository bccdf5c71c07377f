import 'server-only';
import { getFile } from '../box/files';
import { listedVersionOf } from '../box/folders';
import { fetchThumbnail } from '../box/thumbnails';
import type { Thumbnail } from '../box/types';
import { log } from '../log';
import { processSingleton } from '../process-singleton';
import { singleFlight, type SingleFlight } from '../single-flight';
import { getThumbnailStore, type ThumbnailStore } from './thumbnail-store';

/** A thumbnail with the file version it shows; `missing` also when the file is gone. */
export type VersionedThumbnail = (Thumbnail & { status: 'ready'; versionId: string }) | Exclude<Thumbnail, { status: 'ready' }>;

export interface GalleryThumbnailDeps {
  store: ThumbnailStore;
  /** Shares one Box fetch between concurrent askers of the same version (a warm-up and the browser). */
  flights?: SingleFlight<string, Thumbnail>;
  /** The version the gallery listing last showed (no Box call), if any. */
  listedVersion: (fileId: string) => string | undefined;
  currentVersion: (fileId: string) => Promise<string | undefined>;
  fetch: (fileId: string) => Promise<Thumbnail>;
}

/**
 * A gallery file's thumbnail, from the store when this version's bytes are
 * kept (no Box call), else from Box once (one call: the version comes from
 * the gallery listing that produced the tile's URL, or from the file's
 * cached metadata) and kept; with a shared store (Redis), once for the whole
 * fleet. Pending and placeholder answers are never kept.
 */
export async function thumbnailOf(deps: GalleryThumbnailDeps, fileId: string, requestedVersion: string | undefined): Promise<VersionedThumbnail> {
  if (requestedVersion) {
    const kept = await deps.store.get(fileId, requestedVersion);
    if (kept) return { status: 'ready', bytes: kept, contentType: 'image/jpeg', versionId: requestedVersion };
  }
  const listed = deps.listedVersion(fileId);
  const versionId = requestedVersion && listed === requestedVersion ? requestedVersion : await deps.currentVersion(fileId);
  if (versionId === undefined) return { status: 'missing' };
  if (versionId !== requestedVersion) {
    const kept = await deps.store.get(fileId, versionId);
    if (kept) return { status: 'ready', bytes: kept, contentType: 'image/jpeg', versionId };
  }
  const fetchAndKeep = async (): Promise<Thumbnail> => {
    const thumbnail = await deps.fetch(fileId);
    if (thumbnail.status !== 'ready') return thumbnail;
    await deps.store.set(fileId, versionId, thumbnail.bytes).catch((error: unknown) => {
      log.warn({ event: 'gallery.thumbnail_store_failed', fileId, err: error instanceof Error ? error.message : String(error) }, 'thumbnail not kept');
    });
    return thumbnail;
  };
  // One fetch per version in this process (flights) and, with a shared store, in the fleet (once).
  const fetchOnce = deps.store.once ? () => deps.store.once!(fileId, versionId, fetchAndKeep) : fetchAndKeep;
  const thumbnail = deps.flights ? await deps.flights.run(`${fileId}\n${versionId}`, fetchOnce) : await fetchOnce();
  return thumbnail.status === 'ready' ? { ...thumbnail, versionId } : thumbnail;
}

/** How many thumbnails a gallery page warms up at once. */
const WARM_CONCURRENCY = 12;

function processDeps(): GalleryThumbnailDeps {
  return processSingleton('gallery.thumbnails', () => ({
    store: getThumbnailStore(),
    flights: singleFlight<string, Thumbnail>(),
    listedVersion: listedVersionOf,
    currentVersion: async (id: string) => (await getFile(id))?.versionId,
    fetch: (id: string) => fetchThumbnail(id),
  }));
}

/** The process's thumbnails: the disk store (and the fleet's Redis), the gallery listing, Box. */
export function galleryThumbnail(fileId: string, requestedVersion: string | undefined): Promise<VersionedThumbnail> {
  return thumbnailOf(processDeps(), fileId, requestedVersion);
}

/**
 * Starts fetching a gallery page's thumbnails that are not kept yet while
 * the page itself is still on its way (a browser asks 6 at a time per
 * host, so 24 cold tiles would otherwise cost Box ~4 waves of round trips).
 * The tiles' own requests join these fetches. Never throws.
 */
export function warmThumbnails(files: ReadonlyArray<{ id: string; versionId: string }>): void {
  const queue = files.filter((file) => file.versionId);
  const deps = processDeps();
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      await thumbnailOf(deps, file.id, file.versionId).catch(() => undefined); // the tile's request reports failures
    }
  };
  for (let index = 0; index < Math.min(WARM_CONCURRENCY, queue.length); index += 1) void worker();
}
