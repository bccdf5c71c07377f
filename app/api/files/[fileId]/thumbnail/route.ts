import { assertGalleryFile } from '@/lib/access/gallery-policy';
import { parseFileId } from '@/lib/box/file-id';
import { getFile } from '@/lib/box/files';
import { fetchThumbnail } from '@/lib/box/thumbnails';
import { clientKeyOf } from '@/lib/auth/caller';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest } from '@/lib/http/json-response';
import { getThumbnailRateLimiter } from '@/lib/gallery/thumbnail-limiter';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';

/**
 * A gallery file's thumbnail, proxied from Box. Addressed by version
 * (`?v=<versionId>`): that URL's bytes never change, so browsers and CDNs
 * may keep it for a year. Without the current version it must revalidate.
 */
export async function GET(request: Request, { params }: { params: Promise<{ fileId: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const fileId = parseFileId((await params).fileId);
    await getThumbnailRateLimiter().consume(clientKeyOf(request));
    await assertGalleryFile(fileId);
    const file = await getFile(fileId);
    if (!file) throw new ApiError('not_found:file', 'No such file in the gallery.');

    const etag = `"${file.id}-${file.versionId}"`;
    const requested = new URL(request.url).searchParams.get('v');
    const cacheControl = requested !== null && requested === file.versionId ? IMMUTABLE : REVALIDATE;
    if (request.headers.get('if-none-match') === etag) {
      return new Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl } });
    }

    // Pending and placeholder answers are errors with no-store: never cached, least of all as this version's image.
    const thumbnail = await fetchThumbnail(fileId);
    if (thumbnail.status === 'pending') {
      throw new ApiError('unavailable:thumbnail', 'The thumbnail is still being generated.', { retryAfterSeconds: thumbnail.retryAfterSeconds });
    }
    if (thumbnail.status === 'placeholder') throw new ApiError('not_found:thumbnail', 'Box has no thumbnail for this type of file.');
    if (thumbnail.status === 'missing') throw new ApiError('not_found:thumbnail', 'This file has no thumbnail.');
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
