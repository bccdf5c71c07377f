import { LRUCache } from 'lru-cache';
import { readFileAnnotations, type FileAnnotation } from '../box/annotations';
import { getBoxConnection, type BoxConnection } from '../box/connection';
import { singleFlight } from '../single-flight';
import { processSingleton } from '../process-singleton';

/**
 * A file's annotations as Box has them, read with the app's own token and
 * kept a few seconds so an inbox with many links costs one Box call per file.
 * `refresh` reads Box again: a browser's "I just commented" only ever makes
 * the server look at Box sooner, and never more than once per file per
 * `minRefreshMs` (later nudges in that window share the next read).
 */
export interface AnnotationReader {
  read(fileId: string): Promise<FileAnnotation[]>;
  refresh(fileId: string): Promise<FileAnnotation[]>;
}

export interface AnnotationReaderOptions {
  ttlMs?: number;
  minRefreshMs?: number;
}

export function createAnnotationReader(connection: BoxConnection, options: AnnotationReaderOptions = {}): AnnotationReader {
  const cache = new LRUCache<string, FileAnnotation[]>({ max: 2_000, ttl: options.ttlMs ?? 10_000 });
  const minRefreshMs = options.minRefreshMs ?? 2_000;
  /** When each file's last refresh asked Box (only as long as it still limits the next one). */
  const lastRefresh = new LRUCache<string, number>({ max: 2_000, ttl: Math.max(1, minRefreshMs) });
  /** Refreshes waiting for their turn: every nudge in the meantime joins the one queued read. */
  const queued = new Map<string, Promise<FileAnnotation[]>>();
  const flights = singleFlight<string, FileAnnotation[]>();

  const fetchAndKeep = async (fileId: string) => {
    const annotations = await readFileAnnotations(connection, fileId);
    cache.set(fileId, annotations);
    return annotations;
  };
  const load = (fileId: string) => flights.run(fileId, () => fetchAndKeep(fileId));

  return {
    async read(fileId) {
      return cache.get(fileId) ?? load(fileId);
    },
    refresh(fileId) {
      const waiting = queued.get(fileId);
      if (waiting) return waiting;
      const wait = Math.max(0, (lastRefresh.get(fileId) ?? -Infinity) + minRefreshMs - Date.now());
      // A read already on its way may have left before the comment existed, so a refresh never joins it.
      const refreshed = new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => {
        queued.delete(fileId);
        lastRefresh.set(fileId, Date.now());
        cache.delete(fileId);
        return fetchAndKeep(fileId);
      });
      queued.set(fileId, refreshed);
      return refreshed;
    },
  };
}

export function getAnnotationReader(): AnnotationReader {
  return processSingleton('reviews.annotation_reader', () => createAnnotationReader(getBoxConnection()));
}
