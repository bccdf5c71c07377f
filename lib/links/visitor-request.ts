import { assertCsrf } from '../auth/csrf';
import { getRequestSession } from '../auth/session';
import { visitorOf, type Visitor } from './visitor';

/**
 * The start of every visitor mutation on a share link (unlock, name a
 * reviewer, decide): the request must carry the CSRF token of this browser's
 * session. Returns who is asking.
 */
export async function beginVisitorMutation(request: Request): Promise<Visitor> {
  const session = await getRequestSession(request, new Headers());
  assertCsrf(request, session);
  return visitorOf(request);
}
