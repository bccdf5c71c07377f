import 'server-only';
import { LRUCache } from 'lru-cache';
import type { FileFull } from 'box-node-sdk/schemas';
import { log } from '../log';
import { getBoxConnection, type BoxConnection } from './connection';
import { singleFlight } from '../single-flight';
import type { BoxFile, FileReader } from './types';
import { describeBoxFailure, toApiError } from './upstream-error';
import { processSingleton } from '../process-singleton';



const FIELDS = ['name', 'size', 'extension', 'sha1', 'file_version', 'path_collection', 'parent'];

function toBoxFile(file: FileFull): BoxFile {
  const ancestors = file.pathCollection?.entries.map((folder) => folder.id) ?? [];
  const parentId = file.parent?.id;
  if (parentId && !ancestors.includes(parentId)) ancestors.push(parentId);
  return {
    id: file.id,
    name: file.name ?? '',
    size: file.size ?? 0,
    extension: file.extension ?? '',
    versionId: file.fileVersion?.id ?? '',
    ...(file.sha1 || file.fileVersion?.sha1 ? { sha1: file.sha1 ?? file.fileVersion?.sha1 } : {}),
    parentFolderIds: ancestors,
  };
}

export interface FileReaderOptions {
  /** How long a looked-up file (or its absence) is reused. */
  ttlMs?: number;
  max?: number;
}

export function createFileReader(connection: BoxConnection, options: FileReaderOptions = {}): FileReader {
  const cache = new LRUCache<string, { file: BoxFile | undefined }>({ max: options.max ?? 5_000, ttl: options.ttlMs ?? 30_000 });
  const lookups = singleFlight<string, BoxFile | undefined>();

  async function fetchFile(fileId: string): Promise<BoxFile | undefined> {
    const started = Date.now();
    try {
      const file = await connection.client.files.getFileById(fileId, { queryParams: { fields: FIELDS } });
      log.debug({ event: 'box.file.read', fileId, ms: Date.now() - started }, 'file read');
      return toBoxFile(file);
    } catch (error) {
      const failure = describeBoxFailure(error);
      if (failure?.status === 404) return undefined;
      log.warn({ event: 'box.file.read_failed', fileId, ms: Date.now() - started, box: failure }, 'file read failed');
      throw toApiError(error);
    }
  }

  return {
    async getFile(fileId) {
      const hit = cache.get(fileId);
      if (hit) return hit.file;
      return lookups.run(fileId, async () => {
        const file = await fetchFile(fileId);
        cache.set(fileId, { file });
        return file;
      });
    },
  };
}

/** The process-wide reader on the process-wide connection. */
export function getFileReader(): FileReader {
  return processSingleton('box.file_reader', () => createFileReader(getBoxConnection()));
}

/** Reads a file's metadata with the app's parent token (cached briefly). */
export function getFile(fileId: string): Promise<BoxFile | undefined> {
  return getFileReader().getFile(fileId);
}
