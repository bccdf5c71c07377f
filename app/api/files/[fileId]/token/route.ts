import { grantFileToken } from '@/lib/access/file-grant';
import { getCaller } from '@/lib/auth/get-caller';
import { handleApiRequest } from '@/lib/http/json-response';
import { rejectedTokenHashOf } from '@/lib/http/rejected-token-param';
import { tokenResponse } from '@/lib/http/token-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** A short-lived Box token limited to one gallery file, with the caller's role. */
export async function GET(request: Request, { params }: { params: Promise<{ fileId: string }> }): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const rejectedTokenHash = rejectedTokenHashOf(request);
    const result = await grantFileToken(await getCaller(request), (await params).fileId, { requestId, rejectedTokenHash });
    return tokenResponse(result, requestId);
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
