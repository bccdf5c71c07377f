import { grantLinkToken } from '@/lib/access/link-grant';
import { handleApiRequest } from '@/lib/http/json-response';
import { rejectedTokenHashOf } from '@/lib/http/rejected-token-param';
import { tokenResponse } from '@/lib/http/token-response';
import { visitorOf } from '@/lib/links/visitor';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

/**
 * A token for a share link's file and role. Every call re-checks the link
 * (exists, not revoked, not expired, unlocked) and records the view.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const rejectedTokenHash = rejectedTokenHashOf(request);
    const result = await grantLinkToken(visitorOf(request), (await params).slug, { requestId, rejectedTokenHash });
    return tokenResponse(result, requestId);
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
