import { getIronSession, webCookies, type CookieStore, type IronSession, type SessionOptions } from 'iron-session';
import { getEnv } from '../config/env';
import { log } from '../log';
import { resolveSessionSecret } from './session-secret';
import { processSingleton } from '../process-singleton';

/**
 * The sealed session cookie (iron-session: encrypted and signed). For a
 * signed-in editor it holds a random session id whose server-side row
 * (lib/auth/editor-session.ts) is the truth; for everyone it holds the CSRF
 * token of their forms.
 */
export interface SessionData {
  /** Random session id; its SHA-256 keys the editor_sessions row. */
  sid?: string;
  csrfToken?: string;
}

export type Session = IronSession<SessionData>;

/** The cookie lives at most as long as the absolute session timeout. */
export function sessionCookieName(): string {
  return secureCookies() ? '__Host-easel_session' : 'easel_session';
}

/** The secret for sealed cookies (session and link unlocks), resolved once. */
export function getSessionSecret(): string {
  return processSingleton('session.secret', () => resolveSessionSecret(getEnv()));
}

export function secureCookies(): boolean {
  return getEnv().NODE_ENV === 'production';
}

export function sessionOptions(): SessionOptions {
  return {
    cookieName: sessionCookieName(),
    password: getSessionSecret(),
    ttl: getEnv().SESSION_ABSOLUTE_HOURS * 60 * 60,
    // __Host- cookies must be Secure, Path=/ and have no Domain.
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
