import { clientKeyOf } from '@/lib/auth/caller';
import { assertCsrf } from '@/lib/auth/csrf';
import { startEditorSession } from '@/lib/auth/editor-session';
import { getRequestSession } from '@/lib/auth/session';
import { getStore } from '@/lib/db/get-store';
import { authenticateEditor, LoginSchema } from '@/lib/editors/authenticate-editor';
import { deviceSetCookie, isTrustedDevice } from '@/lib/editors/trusted-device';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { readJson } from '@/lib/http/read-json';
import { requestCookieReader } from '@/lib/http/request-cookies';
import { normalizeEmail } from '@/lib/db/stores/editor-store';
import { log } from '@/lib/log';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

/** Signs an editor in: `{ email, password }` with the CSRF header from GET /api/csrf. */
export async function POST(request: Request): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const headers = new Headers();
    const session = await getRequestSession(request, headers);
    assertCsrf(request, session);
    const input = await readJson(request, LoginSchema);
    const store = await getStore();
    const trustedDevice = await isTrustedDevice(requestCookieReader(request), normalizeEmail(input.email));
    const editor = await authenticateEditor(store, input, { clientKey: clientKeyOf(request), trustedDevice });
    await startEditorSession(store, session, { editorId: editor.id, email: editor.email });
    await session.save();
    headers.append('set-cookie', await deviceSetCookie(editor.email));
    log.info({ event: 'editor.signed_in', requestId, editorId: editor.id }, 'editor signed in');
    return jsonResponse({ email: editor.email, csrfToken: session.csrfToken }, { headers });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
