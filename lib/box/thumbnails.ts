import 'server-only';
import type { Readable } from 'node:stream';
import { log } from '../log';
import { getBoxConnection, type BoxConnection } from './connection';
import type { Thumbnail } from './types';
import { describeBoxFailure, toApiError } from './upstream-error';

const THUMBNAIL_SIDE = 320;
const MAX_BYTES = 2 * 1024 * 1024;


async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    total += buffer.length;
    if (total > MAX_BYTES) throw new Error('thumbnail larger than expected');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** A 320 px JPEG thumbnail from Box (pending while Box is still generating it). */
export async function fetchThumbnail(fileId: string, connection: BoxConnection = getBoxConnection()): Promise<Thumbnail> {
  const started = Date.now();
  try {
    const stream = await connection.client.files.getFileThumbnailById(fileId, 'jpg', {
      queryParams: { minWidth: THUMBNAIL_SIDE, minHeight: THUMBNAIL_SIDE, maxWidth: THUMBNAIL_SIDE, maxHeight: THUMBNAIL_SIDE },
    });
    if (!stream) return { status: 'pending' };
    const bytes = await readAll(stream);
    log.debug({ event: 'box.thumbnail', fileId, bytes: bytes.length, ms: Date.now() - started }, 'thumbnail fetched');
    return { status: 'ready', bytes, contentType: 'image/jpeg' };
  } catch (error) {
    const failure = describeBoxFailure(error);
    if (failure?.status === 404 || failure?.status === 400) return { status: 'missing' };
    log.warn({ event: 'box.thumbnail_failed', fileId, box: failure, ms: Date.now() - started }, 'thumbnail failed');
    throw toApiError(error);
  }
}
