import { assertCsrf } from '@/lib/auth/csrf';
import { currentEditor, endEditorSession } from '@/lib/auth/editor-session';
import { getRequestSession } from '@/lib/auth/session';
import { getStore } from '@/lib/db/get-store';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { log } from '@/lib/log';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

/**
 * Signs out: this session (`{}`), or with `?everywhere=1` every session of
 * the editor, on every device. Either way the server-side session is gone,
 * so a copy of the cookie stops working too.
 */
export async function POST(request: Request): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const headers = new Headers();
    const session = await getRequestSession(request, headers);
    assertCsrf(request, session);
    const store = await getStore();
    let ended = 0;
    if (new URL(request.url).searchParams.get('everywhere') === '1') {
      const editor = await currentEditor(store, session);
      if (editor) ended = await store.sessions.deleteForEditor(editor.editorId);
      log.info({ event: 'editor.signed_out_everywhere', requestId, editorId: editor?.editorId, ended }, 'editor signed out everywhere');
    }
    await endEditorSession(store, session);
    return jsonResponse({ signedOut: true, ...(ended > 0 ? { sessionsEnded: ended } : {}) }, { headers });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
