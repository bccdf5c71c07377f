import { getIronSession, type CookieJar } from 'iron-session';
import { requestCookieReader } from '../http/request-cookies';
import { clientKeyOf, type Caller } from './caller';
import { SESSION_COOKIE, sessionOptions, type SessionData } from './session';

/** Reads cookies off a request without being able to write any. */
function readOnlyCookies(request: Pick<Request, 'headers'>): CookieJar {
  return { read: requestCookieReader(request), write: () => {} };
}

/** Who is asking: a signed-in editor (valid session cookie), else anonymous. */
export async function getCaller(request: Pick<Request, 'headers'>): Promise<Caller> {
  const clientKey = clientKeyOf(request);
  if (!request.headers.get('cookie')?.includes(SESSION_COOKIE)) return { kind: 'anonymous', clientKey };
  const session = await getIronSession<SessionData>(readOnlyCookies(request), sessionOptions());
  if (session.editorId && session.email) {
    return { kind: 'editor', clientKey, editorId: session.editorId, email: session.email };
  }
  return { kind: 'anonymous', clientKey };
}
