import { assertCsrf } from '@/lib/auth/csrf';
import { getRequestSession } from '@/lib/auth/session';
import { getStore } from '@/lib/db/get-store';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { getTokenRateLimiter } from '@/lib/http/rate-limit';
import { readJson } from '@/lib/http/read-json';
import { findLiveLink } from '@/lib/links/live-link';
import { linkLocked } from '@/lib/links/link-errors';
import { isUnlocked } from '@/lib/links/unlock-cookie';
import { visitorOf } from '@/lib/links/visitor';
import { IdentifyReviewerSchema } from '@/lib/reviews/review-input';
import { reviewerSetCookie } from '@/lib/reviews/reviewer-cookie';
import { identifyReviewer } from '@/lib/reviews/reviewer-identity';

export const dynamic = 'force-dynamic';

/** Names this browser's reviewer on an annotator link (`{ name, email? }`, CSRF header); renaming keeps the identity. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const { slug } = await params;
    const session = await getRequestSession(request, new Headers());
    assertCsrf(request, session);
    const visitor = visitorOf(request);
    await getTokenRateLimiter().consume(visitor.clientKey);
    const input = await readJson(request, IdentifyReviewerSchema);
    const store = await getStore();
    const link = await findLiveLink(store, slug);
    if (!(await isUnlocked(link, visitor.readCookie))) throw linkLocked();
    const { reviewer, created } = await identifyReviewer(store, link, input, visitor.readCookie);
    const headers = new Headers({ 'set-cookie': await reviewerSetCookie(link, reviewer.id) });
    return jsonResponse({ name: reviewer.name, email: reviewer.email }, { status: created ? 201 : 200, headers });
  });
}
