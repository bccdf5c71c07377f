import sharp from 'sharp';

/** Box's generic file-type placeholder, standing in for a thumbnail it can't (yet) make. */
export const PLACEHOLDER_THUMBNAIL_PATH = '/static/thumbnail-placeholders/file.png';

let cached: Promise<Buffer> | undefined;

export function placeholderThumbnail(): Promise<Buffer> {
  cached ??= sharp({ create: { width: 160, height: 160, channels: 3, background: '#d9dde3' } }).png().toBuffer();
  return cached;
}

export function placeholderUrl(baseUrl: string): string {
  return `${baseUrl}${PLACEHOLDER_THUMBNAIL_PATH}`;
}
