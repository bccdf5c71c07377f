import { assertCsrf } from '@/lib/auth/csrf';
import { getRequestSession } from '@/lib/auth/session';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  return handleApiRequest(request, async () => {
    const headers = new Headers();
    const session = await getRequestSession(request, headers);
    assertCsrf(request, session);
    session.destroy();
    return jsonResponse({ signedOut: true }, { headers });
  });
}
