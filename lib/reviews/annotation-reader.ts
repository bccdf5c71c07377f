import { LRUCache } from 'lru-cache';
import { readFileAnnotations, type FileAnnotation } from '../box/annotations';
import { getBoxConnection, type BoxConnection } from '../box/connection';
import { singleFlight } from '../single-flight';
import { processSingleton } from '../process-singleton';

/**
 * A file's annotations as Box has them, read with the app's own token and
 * kept a few seconds so an inbox with many links costs one Box call per file.
 * `refresh` drops the copy so the next read goes to Box again: a browser's
 * "I just commented" only ever makes the server look at Box sooner.
 */
export interface AnnotationReader {
  read(fileId: string): Promise<FileAnnotation[]>;
  refresh(fileId: string): Promise<FileAnnotation[]>;
}

export function createAnnotationReader(connection: BoxConnection, options: { ttlMs?: number } = {}): AnnotationReader {
  const cache = new LRUCache<string, FileAnnotation[]>({ max: 2_000, ttl: options.ttlMs ?? 10_000 });
  const flights = singleFlight<string, FileAnnotation[]>();
  const load = (fileId: string) =>
    flights.run(fileId, async () => {
      const annotations = await readFileAnnotations(connection, fileId);
      cache.set(fileId, annotations);
      return annotations;
    });
  return {
    async read(fileId) {
      return cache.get(fileId) ?? load(fileId);
    },
    async refresh(fileId) {
      cache.delete(fileId);
      return load(fileId);
    },
  };
}

export function getAnnotationReader(): AnnotationReader {
  return processSingleton('reviews.annotation_reader', () => createAnnotationReader(getBoxConnection()));
}
