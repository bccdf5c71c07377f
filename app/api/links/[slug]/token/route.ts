import { grantLinkToken } from '@/lib/access/link-grant';
import { handleApiRequest } from '@/lib/http/json-response';
import { rejectedTokenHashOf } from '@/lib/http/rejected-token-param';
import { tokenResponse } from '@/lib/http/token-response';
import { visitorOf } from '@/lib/links/visitor';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

/**
 * A token for one file of a share link (`?file=<id>`, default the first) with
 * the link's role. Every call re-checks the link (exists, not revoked, not
 * expired, unlocked, file in the link, reviewer named) and records the view.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const rejectedTokenHash = rejectedTokenHashOf(request);
    const fileId = new URL(request.url).searchParams.get('file');
    const result = await grantLinkToken(visitorOf(request), (await params).slug, { requestId, rejectedTokenHash, ...(fileId !== null ? { fileId } : {}) });
    return tokenResponse(result, requestId);
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
