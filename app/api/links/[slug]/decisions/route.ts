import { assertCsrf } from '@/lib/auth/csrf';
import { getRequestSession } from '@/lib/auth/session';
import { getStore } from '@/lib/db/get-store';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { getTokenRateLimiter } from '@/lib/http/rate-limit';
import { readJson } from '@/lib/http/read-json';
import { visitorOf } from '@/lib/links/visitor';
import { recordDecision } from '@/lib/reviews/record-decision';
import { DecisionSchema } from '@/lib/reviews/review-input';

export const dynamic = 'force-dynamic';

/** A reviewer's decision on one file of the link (`{ fileId, decision, note? }`, CSRF header); a later one replaces it. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const { slug } = await params;
    const session = await getRequestSession(request, new Headers());
    assertCsrf(request, session);
    const visitor = visitorOf(request);
    await getTokenRateLimiter().consume(visitor.clientKey);
    const input = await readJson(request, DecisionSchema);
    const decision = await recordDecision(await getStore(), slug, visitor, input);
    return jsonResponse({
      fileId: decision.fileId,
      decision: decision.decision,
      note: decision.note,
      decidedAt: decision.decidedAt.toISOString(),
    });
  });
}
