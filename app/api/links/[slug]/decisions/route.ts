import { getStore } from '@/lib/db/get-store';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { getTokenRateLimiter } from '@/lib/http/rate-limit';
import { readJson } from '@/lib/http/read-json';
import { beginVisitorMutation } from '@/lib/links/visitor-request';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { recordDecision } from '@/lib/reviews/record-decision';
import { DecisionSchema } from '@/lib/reviews/review-input';

export const dynamic = 'force-dynamic';

/** A reviewer's decision on one file of the link (`{ fileId, decision, note? }`, CSRF header); a later one replaces it. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const { slug } = await params;
    const visitor = await beginVisitorMutation(request);
    await getTokenRateLimiter().consume(visitor.clientKey);
    const decision = await recordDecision(await getStore(), slug, visitor, await readJson(request, DecisionSchema));
    return jsonResponse({ fileId: decision.fileId, decision: decision.decision, note: decision.note, decidedAt: decision.decidedAt.toISOString() });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
