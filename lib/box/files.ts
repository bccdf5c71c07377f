import 'server-only';
import { BoxApiError, BoxSdkError } from 'box-node-sdk/box';
import { LRUCache } from 'lru-cache';
import { log } from '../log';
import { timeBoxCall } from '../metrics/registry';
import { getBoxConnection, type BoxConnection } from './connection';
import { singleFlight } from '../single-flight';
import type { BoxFile, FileReader, PreviewFileWire } from './types';
import { describeBoxFailure, toApiError } from './upstream-error';
import { processSingleton } from '../process-singleton';

/**
 * File metadata, read with the parent token and kept by etag: within `ttlMs`
 * it is reused as is; after that, a caller that accepts stale data gets the
 * kept copy at once while one `If-None-Match` request revalidates it in the
 * background (Box answers 304 with no body when the file is unchanged), and a
 * caller that does not (the access check) waits for that revalidation.
 *
 * The fields are what Easel needs plus what ContentPreview asks for
 * (box-ui-elements' PREVIEW_FIELDS_TO_FETCH), with ContentPreview's
 * representation hints, so the page can hand ContentPreview the file object
 * and the browser skips its own GET /2.0/files/:id.
 */
const PREVIEW_FIELDS = [
  'id', 'permissions', 'shared_link', 'sha1', 'file_version', 'name', 'size', 'extension', 'representations',
  'watermark_info', 'authenticated_download_url', 'is_download_available',
] as const;
const FIELDS = [...PREVIEW_FIELDS, 'etag', 'path_collection', 'parent'];
/** ContentPreview's X-Rep-Hints (box-ui-elements' X_REP_HINTS, with DASH video). */
export const PREVIEW_REP_HINTS =
  '[3d][pdf][text][mp3][json][jpg?dimensions=1024x1024&paged=false][webp?dimensions=1024x1024][jpg?dimensions=2048x2048,png?dimensions=2048x2048][dash,mp4][filmstrip]';
/** Fields of the object handed to the browser: never the folders above the file, never a shared link. */
const WIRE_FIELDS: readonly string[] = PREVIEW_FIELDS.filter((field) => field !== 'shared_link');

type Json = Record<string, unknown>;

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const asObject = (value: unknown): Json | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined);

function toBoxFile(raw: Json): BoxFile {
  const entries = asObject(raw.path_collection)?.entries;
  const ancestors = Array.isArray(entries) ? entries.map((folder) => asString(asObject(folder)?.id)).filter((id): id is string => id !== undefined) : [];
  const parentId = asString(asObject(raw.parent)?.id);
  if (parentId && !ancestors.includes(parentId)) ancestors.push(parentId);
  const version = asObject(raw.file_version);
  const sha1 = asString(raw.sha1) ?? asString(version?.sha1);
  const wire: PreviewFileWire = { type: 'file', id: String(raw.id), shared_link: null };
  for (const field of WIRE_FIELDS) wire[field] = field in raw ? raw[field] : null;
  return {
    id: String(raw.id),
    name: asString(raw.name) ?? '',
    size: typeof raw.size === 'number' ? raw.size : 0,
    extension: asString(raw.extension) ?? '',
    versionId: asString(version?.id) ?? '',
    ...(sha1 ? { sha1 } : {}),
    ...(asString(raw.etag) ? { etag: asString(raw.etag) } : {}),
    parentFolderIds: ancestors,
    wire,
  };
}

export interface FileReaderOptions {
  /** How long a looked-up file (or its absence) is reused without asking Box. */
  ttlMs?: number;
  /** How long past `ttlMs` a caller that accepts stale data gets the kept copy (revalidated in the background). */
  staleMs?: number;
  max?: number;
  now?: () => number;
}

interface Entry {
  file: BoxFile | undefined;
  checkedAt: number;
}

/**
 * The SDK reads every 3xx as a redirect to follow (and with redirects off it
 * drops every body), so Box's 304 reaches us as "no location to follow".
 */
function isNotModified(error: unknown): boolean {
  return error instanceof BoxSdkError && !(error instanceof BoxApiError) && error.message.startsWith('Unable to follow redirect');
}

type Read = { status: 'unchanged' } | { status: 'found'; file: BoxFile } | { status: 'missing' };

export function createFileReader(connection: BoxConnection, options: FileReaderOptions = {}): FileReader {
  const ttl = options.ttlMs ?? 30_000;
  const stale = options.staleMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const cache = new LRUCache<string, Entry>({ max: options.max ?? 5_000 });
  const lookups = singleFlight<string, BoxFile | undefined>();

  async function read(fileId: string, etag: string | undefined): Promise<Read> {
    const started = Date.now();
    try {
      const response = await timeBoxCall(
        'file',
        () =>
          connection.client.makeRequest({
            url: `${connection.networkSession.baseUrls.baseUrl}/2.0/files/${encodeURIComponent(fileId)}`,
            method: 'GET',
            params: { fields: FIELDS.join(',') },
            headers: { 'x-rep-hints': PREVIEW_REP_HINTS, ...(etag ? { 'if-none-match': etag } : {}) },
            responseFormat: 'json',
          }),
        { status: (answer) => answer.status, errorStatus: (error) => (etag && isNotModified(error) ? 304 : undefined) },
      );
      log.debug({ event: 'box.file.read', fileId, status: response.status, ms: Date.now() - started }, 'file read');
      if (response.status === 304) return { status: 'unchanged' };
      const raw = asObject(response.data);
      if (response.status !== 200 || !raw || raw.id === undefined) throw new Error(`unexpected answer ${response.status} to GET /2.0/files/:id`);
      return { status: 'found', file: toBoxFile(raw) };
    } catch (error) {
      if (etag && isNotModified(error)) {
        log.debug({ event: 'box.file.read', fileId, status: 304, ms: Date.now() - started }, 'file unchanged');
        return { status: 'unchanged' };
      }
      const failure = describeBoxFailure(error);
      if (failure?.status === 404) return { status: 'missing' };
      log.warn({ event: 'box.file.read_failed', fileId, ms: Date.now() - started, box: failure }, 'file read failed');
      throw toApiError(error);
    }
  }

  function refresh(fileId: string, kept: Entry | undefined): Promise<BoxFile | undefined> {
    return lookups.run(fileId, async () => {
      const result = await read(fileId, kept?.file?.etag);
      const file = result.status === 'unchanged' ? kept?.file : result.status === 'found' ? result.file : undefined;
      cache.set(fileId, { file, checkedAt: now() });
      return file;
    });
  }

  return {
    async getFile(fileId, { allowStale = true } = {}) {
      const kept = cache.get(fileId);
      const age = kept ? now() - kept.checkedAt : Number.POSITIVE_INFINITY;
      if (kept && age < ttl) return kept.file;
      if (kept?.file && allowStale && age < ttl + stale) {
        refresh(fileId, kept).catch(() => undefined); // logged in read(); the kept copy is answered meanwhile
        return kept.file;
      }
      return refresh(fileId, kept);
    },
  };
}

/** The process-wide reader on the process-wide connection. */
export function getFileReader(): FileReader {
  return processSingleton('box.file_reader', () => createFileReader(getBoxConnection()));
}

/** Reads a file's metadata with the app's parent token (cached by etag, see createFileReader). */
export function getFile(fileId: string, options?: { allowStale?: boolean }): Promise<BoxFile | undefined> {
  return getFileReader().getFile(fileId, options);
}
