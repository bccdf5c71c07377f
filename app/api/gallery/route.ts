import { z } from 'zod';
import { clientKeyOf } from '@/lib/auth/caller';
import { GalleryCursorSchema, listGalleryPage } from '@/lib/box/folders';
import { warmThumbnails } from '@/lib/gallery/gallery-thumbnail';
import { toGalleryTiles } from '@/lib/gallery/gallery-tiles';
import { getThumbnailRateLimiter } from '@/lib/gallery/thumbnail-limiter';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

const QuerySchema = z.object({ cursor: GalleryCursorSchema });

/** The next page of the gallery (`?cursor=` from the previous page). */
export async function GET(request: Request): Promise<Response> {
  return handleApiRequest(request, async () => {
    const query = QuerySchema.safeParse({ cursor: new URL(request.url).searchParams.get('cursor') });
    if (!query.success) throw new ApiError('bad_request:cursor', 'The cursor is missing or malformed.');
    await getThumbnailRateLimiter().consume(clientKeyOf(request));
    const page = await listGalleryPage({ cursor: query.data.cursor });
    warmThumbnails(page.files);
    return jsonResponse({ tiles: toGalleryTiles(page.files), nextCursor: page.nextCursor ?? null });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
