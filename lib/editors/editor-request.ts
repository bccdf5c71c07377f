import { assertCsrf } from '../auth/csrf';
import { getRequestSession, type Session } from '../auth/session';
import { ApiError } from '../http/api-error';

export interface SignedInEditor {
  editorId: string;
  email: string;
}

/**
 * The start of every editor mutation: the session's CSRF token must be on the
 * request, then the session must belong to an editor. Cookie changes go into
 * `headers`, to be sent with the response.
 */
export async function beginEditorMutation(request: Request): Promise<{ editor: SignedInEditor; session: Session; headers: Headers }> {
  const headers = new Headers();
  const session = await getRequestSession(request, headers);
  assertCsrf(request, session);
  if (!session.editorId || !session.email) throw new ApiError('unauthorized:editor', 'Sign in as an editor first.');
  return { editor: { editorId: session.editorId, email: session.email }, session, headers };
}
