import { getIronSession, type CookieJar } from 'iron-session';
import { getStore } from '../db/get-store';
import { requestCookieReader } from '../http/request-cookies';
import { clientKeyOf, type Caller } from './caller';
import { currentEditor } from './editor-session';
import { sessionCookieName, sessionOptions, type SessionData } from './session';

/** Reads cookies off a request without being able to write any. */
function readOnlyCookies(request: Pick<Request, 'headers'>): CookieJar {
  return { read: requestCookieReader(request), write: () => {} };
}

/** Who is asking: a signed-in editor (a live server-side session), else anonymous. */
export async function getCaller(request: Pick<Request, 'headers'>): Promise<Caller> {
  const clientKey = clientKeyOf(request);
  if (!request.headers.get('cookie')?.includes(sessionCookieName())) return { kind: 'anonymous', clientKey };
  const session = await getIronSession<SessionData>(readOnlyCookies(request), sessionOptions());
  const editor = await currentEditor(await getStore(), session);
  return editor ? { kind: 'editor', clientKey, ...editor } : { kind: 'anonymous', clientKey };
}
