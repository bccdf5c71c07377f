import { getStore } from '@/lib/db/get-store';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { getTokenRateLimiter } from '@/lib/http/rate-limit';
import { readJson } from '@/lib/http/read-json';
import { beginVisitorMutation } from '@/lib/links/visitor-request';
import { getAnnotationReader } from '@/lib/reviews/annotation-reader';
import { confirmReviewerComments } from '@/lib/reviews/confirm-comments';
import { ConfirmCommentsSchema } from '@/lib/reviews/review-input';

export const dynamic = 'force-dynamic';

/**
 * A reviewer's browser after posting a comment (`{ fileId }`, CSRF header):
 * the server reads that file's comments from Box and notifies the editor of
 * new ones. Answers `{ confirmed }`, how many comments were new.
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const { slug } = await params;
    const visitor = await beginVisitorMutation(request);
    await getTokenRateLimiter().consume(visitor.clientKey);
    const input = await readJson(request, ConfirmCommentsSchema);
    return jsonResponse(await confirmReviewerComments(await getStore(), getAnnotationReader(), slug, visitor, input));
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
