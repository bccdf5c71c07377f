import 'server-only';
import { ApiError } from '../http/api-error';
import { log } from '../log';
import { timeBoxCall } from '../metrics/registry';
import { getBoxConnection, type BoxConnection } from './connection';
import type { Thumbnail } from './types';
import { retryAfterSecondsOf } from './retry-strategy';
import { boxUnavailable, describeBoxFailure, toApiError } from './upstream-error';

const THUMBNAIL_SIDE = 320;
const MAX_BYTES = 2 * 1024 * 1024;
const TIMEOUT_MS = 15_000;
/** When Box says "being generated" without saying for how long. */
const DEFAULT_PENDING_SECONDS = 5;

/**
 * Box's redirects are never followed: a followed 302 would pass Box's
 * placeholder off as the file's own thumbnail, and a 202's Location points at
 * one too. (The answers are described by `Thumbnail` in types.ts.)
 */
function thumbnailUrl(connection: BoxConnection, fileId: string): string {
  const side = String(THUMBNAIL_SIDE);
  const query = new URLSearchParams({ min_width: side, min_height: side, max_width: side, max_height: side });
  return `${connection.baseUrls.baseUrl}/2.0/files/${encodeURIComponent(fileId)}/thumbnail.jpg?${query}`;
}

async function readBody(response: Response): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) throw new Error('thumbnail larger than expected');
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > MAX_BYTES) throw new Error('thumbnail larger than expected');
  return bytes;
}

async function request(connection: BoxConnection, token: string, fileId: string): Promise<Response> {
  return fetch(thumbnailUrl(connection, fileId), {
    headers: { authorization: `Bearer ${token}` },
    redirect: 'manual',
    cache: 'no-store',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}

/** A 320 px JPEG thumbnail from Box, made with the app's parent token. */
export async function fetchThumbnail(fileId: string, connection: BoxConnection = getBoxConnection()): Promise<Thumbnail> {
  const started = Date.now();
  let response: Response;
  try {
    let parent = await connection.auth.current();
    // One call, as the SDK counts its own: a 401 answered by refreshing the parent token
    // (a `grant` call of its own) and asking again is inside it; its status is the last answer's.
    response = await timeBoxCall(
      'thumbnail',
      async () => {
        const first = await request(connection, parent.accessToken, fileId);
        if (first.status !== 401) return first;
        await first.body?.cancel();
        await connection.auth.refreshAfterRejection(parent.generation);
        parent = await connection.auth.current();
        return request(connection, parent.accessToken, fileId);
      },
      { status: (answer) => answer.status },
    );
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const failure = describeBoxFailure(error);
    log.warn({ event: 'box.thumbnail_failed', fileId, box: failure, network: failure === undefined, ms: Date.now() - started }, 'thumbnail request failed');
    throw failure ? toApiError(error) : boxUnavailable(undefined);
  }
  const status = response.status;
  const headers = Object.fromEntries(response.headers.entries());
  if (status === 200) {
    const bytes = await readBody(response);
    log.debug({ event: 'box.thumbnail', fileId, bytes: bytes.length, ms: Date.now() - started }, 'thumbnail fetched');
    return { status: 'ready', bytes, contentType: 'image/jpeg' };
  }
  await response.body?.cancel();
  if (status === 202) {
    const retryAfter = retryAfterSecondsOf(headers) ?? DEFAULT_PENDING_SECONDS;
    return { status: 'pending', retryAfterSeconds: Math.min(Math.max(1, Math.ceil(retryAfter)), 60) };
  }
  if (status >= 300 && status < 400) return { status: 'placeholder' };
  if (status === 404 || status === 400 || status === 403) return { status: 'missing' };
  log.warn({ event: 'box.thumbnail_failed', fileId, status, ms: Date.now() - started }, 'thumbnail failed');
  if (status === 429 || status >= 500) throw boxUnavailable(retryAfterSecondsOf(headers));
  throw new ApiError('upstream:box', 'Box refused the request.');
}
