import { ensureCsrfToken } from '@/lib/auth/csrf';
import { getRequestSession } from '@/lib/auth/session';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

/** The session's CSRF token (creating the session cookie if needed), for forms to send back. */
export async function GET(request: Request): Promise<Response> {
  return handleApiRequest(request, async () => {
    const headers = new Headers();
    const session = await getRequestSession(request, headers);
    const hadToken = Boolean(session.csrfToken);
    const csrfToken = ensureCsrfToken(session);
    if (!hadToken) await session.save();
    return jsonResponse({ csrfToken }, { headers });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
