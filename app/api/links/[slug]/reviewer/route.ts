import { getStore } from '@/lib/db/get-store';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { getTokenRateLimiter } from '@/lib/http/rate-limit';
import { readJson } from '@/lib/http/read-json';
import { beginVisitorMutation } from '@/lib/links/visitor-request';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { IdentifyReviewerSchema } from '@/lib/reviews/review-input';
import { nameReviewerOnLink } from '@/lib/reviews/reviewer-identity';

export const dynamic = 'force-dynamic';

/** Names this browser's reviewer on a comment link (`{ name, email? }`, CSRF header); renaming keeps the identity. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const { slug } = await params;
    const visitor = await beginVisitorMutation(request);
    await getTokenRateLimiter().consume(visitor.clientKey);
    const input = await readJson(request, IdentifyReviewerSchema);
    const { reviewer, created, setCookie } = await nameReviewerOnLink(await getStore(), slug, input, visitor);
    return jsonResponse({ name: reviewer.name, email: reviewer.email }, { status: created ? 201 : 200, headers: { 'set-cookie': setCookie } });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
