import { randomBytes } from 'node:crypto';
import { clientKeyOf } from '@/lib/auth/caller';
import { assertCsrf } from '@/lib/auth/csrf';
import { getRequestSession } from '@/lib/auth/session';
import { getStore } from '@/lib/db/get-store';
import { authenticateEditor, LoginSchema } from '@/lib/editors/authenticate-editor';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { readJson } from '@/lib/http/read-json';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/** Signs an editor in: `{ email, password }` with the CSRF header from GET /api/csrf. */
export async function POST(request: Request): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const headers = new Headers();
    const session = await getRequestSession(request, headers);
    assertCsrf(request, session);
    const input = await readJson(request, LoginSchema);
    const editor = await authenticateEditor(await getStore(), input, clientKeyOf(request));
    session.editorId = editor.id;
    session.email = editor.email;
    session.csrfToken = randomBytes(32).toString('base64url');
    await session.save();
    log.info({ event: 'editor.signed_in', requestId, editorId: editor.id }, 'editor signed in');
    return jsonResponse({ email: editor.email, csrfToken: session.csrfToken }, { headers });
  });
}
