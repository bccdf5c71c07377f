import { getStore } from '@/lib/db/get-store';
import { handleApiRequest } from '@/lib/http/json-response';
import { getTokenRateLimiter } from '@/lib/http/rate-limit';
import { issueLinkToken } from '@/lib/links/link-access';
import { visitorOf } from '@/lib/links/visitor';
import { fileTokenResponse } from '@/lib/tokens/file-token-response';
import { rejectedTokenHashOf } from '@/lib/tokens/rejected-token-param';

export const dynamic = 'force-dynamic';

/**
 * A token for a share link's file and role. Every call re-checks the link
 * (exists, not revoked, not expired, unlocked) and records the view.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const { slug } = await params;
    const rejectedTokenHash = rejectedTokenHashOf(request);
    const visitor = visitorOf(request);
    await getTokenRateLimiter().consume(visitor.clientKey);
    const { token } = await issueLinkToken(await getStore(), slug, visitor, requestId, { rejectedTokenHash });
    return fileTokenResponse(token);
  });
}
