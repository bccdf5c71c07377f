import { assertCsrf } from '../auth/csrf';
import { currentEditor, type SignedInEditor } from '../auth/editor-session';
import { getRequestSession, type Session } from '../auth/session';
import { getStore } from '../db/get-store';
import type { Store } from '../db/store';
import { ApiError } from '../http/api-error';

export type { SignedInEditor } from '../auth/editor-session';

/**
 * The start of every editor mutation: the session's CSRF token must be on the
 * request, then the session must be a live editor session. Cookie changes go
 * into `headers`, to be sent with the response.
 */
export async function beginEditorMutation(request: Request): Promise<{ editor: SignedInEditor; session: Session; headers: Headers; store: Store }> {
  const headers = new Headers();
  const session = await getRequestSession(request, headers);
  assertCsrf(request, session);
  const store = await getStore();
  const editor = await currentEditor(store, session);
  if (!editor) throw new ApiError('unauthorized:editor', 'Sign in as an editor first.');
  return { editor, session, headers, store };
}
