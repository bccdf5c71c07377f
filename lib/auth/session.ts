import { getIronSession, webCookies, type CookieStore, type IronSession, type SessionOptions } from 'iron-session';
import { getEnv } from '../config/env';
import { log } from '../log';
import { resolveSessionSecret } from './session-secret';
import { processSingleton } from '../process-singleton';

export interface SessionData {
  editorId: string;
  email: string;
  csrfToken: string;
}

export type Session = IronSession<SessionData>;

export const SESSION_COOKIE = 'easel_session';
const SESSION_TTL_SECONDS = 12 * 60 * 60;

/** The secret for sealed cookies (session and link unlocks), resolved once. */
export function getSessionSecret(): string {
  return processSingleton('session.secret', () => resolveSessionSecret(getEnv()));
}

export function secureCookies(): boolean {
  return getEnv().NODE_ENV === 'production';
}

export function sessionOptions(): SessionOptions {
  return {
    cookieName: SESSION_COOKIE,
    password: getSessionSecret(),
    ttl: SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: secureCookies(), path: '/' },
    onUnsealError: (reason) => {
      if (reason !== 'expired') log.warn({ event: 'session.cookie_rejected', reason }, 'session cookie rejected');
    },
  };
}

/**
 * The session of a route handler's request. Changes are written to
 * `responseHeaders` on save(); pass them to the response.
 */
export function getRequestSession(request: Request, responseHeaders: Headers): Promise<Session> {
  return getIronSession<SessionData>(webCookies(request, responseHeaders), sessionOptions());
}

/** Read-only session for server components (`await cookies()`). */
export function getCookieSession(cookies: CookieStore): Promise<Session> {
  return getIronSession<SessionData>(cookies, sessionOptions());
}
