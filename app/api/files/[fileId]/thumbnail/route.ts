import { assertGalleryFile } from '@/lib/access/gallery-policy';
import { parseFileId } from '@/lib/box/file-id';
import { clientKeyOf } from '@/lib/auth/caller';
import { galleryThumbnail } from '@/lib/gallery/gallery-thumbnail';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest } from '@/lib/http/json-response';
import { getThumbnailRateLimiter } from '@/lib/gallery/thumbnail-limiter';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';
const VersionSchema = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A gallery file's thumbnail, kept by Easel per file version (see
 * lib/gallery/gallery-thumbnail.ts). Addressed by version (`?v=<versionId>`):
 * that URL's bytes never change, so browsers and CDNs may keep it for a year.
 * Without the version it shows the current one and must revalidate.
 */
export async function GET(request: Request, { params }: { params: Promise<{ fileId: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const fileId = parseFileId((await params).fileId);
    await getThumbnailRateLimiter().consume(clientKeyOf(request));
    await assertGalleryFile(fileId);
    const rawVersion = new URL(request.url).searchParams.get('v');
    const requested = rawVersion !== null && VersionSchema.test(rawVersion) ? rawVersion : undefined;

    if (requested && request.headers.get('if-none-match') === `"${fileId}-${requested}"`) {
      return new Response(null, { status: 304, headers: { etag: `"${fileId}-${requested}"`, 'cache-control': IMMUTABLE } });
    }
    // Pending and placeholder answers are errors with no-store: never kept, least of all as this version's image.
    const thumbnail = await galleryThumbnail(fileId, requested);
    if (thumbnail.status === 'pending') {
      throw new ApiError('unavailable:thumbnail', 'The thumbnail is still being generated.', { retryAfterSeconds: thumbnail.retryAfterSeconds });
    }
    if (thumbnail.status === 'placeholder') throw new ApiError('not_found:thumbnail', 'Box has no thumbnail for this type of file.');
    if (thumbnail.status === 'missing') throw new ApiError('not_found:thumbnail', 'This file has no thumbnail.');
    const etag = `"${fileId}-${thumbnail.versionId}"`;
    const cacheControl = requested === thumbnail.versionId ? IMMUTABLE : REVALIDATE;
    if (request.headers.get('if-none-match') === etag) {
      return new Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl } });
    }
    return new Response(new Uint8Array(thumbnail.bytes), {
      headers: {
        'content-type': thumbnail.contentType,
        'content-length': String(thumbnail.bytes.length),
        'cache-control': cacheControl,
        etag,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
