import { createHash, randomBytes } from 'node:crypto';
import { getEnv } from '../config/env';
import type { Store } from '../db/store';
import type { Session, SessionData } from './session';

/**
 * Server-side editor sessions. The cookie only carries a random id (sealed);
 * each request looks its row up, so ending a session (sign-out, "sign out
 * everywhere", a password change, the editor's removal) ends every copy of
 * the cookie at once. Sessions end after SESSION_IDLE_MINUTES without a
 * request and SESSION_ABSOLUTE_HOURS after sign-in, whichever comes first.
 */
export interface SignedInEditor {
  editorId: string;
  email: string;
}

export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

/** lastSeenAt is written at most this often (a busy dashboard is not a write per request). */
const TOUCH_EVERY_MS = 60_000;

export function sessionLimits(): SessionLimits {
  const env = getEnv();
  return { idleMs: env.SESSION_IDLE_MINUTES * 60_000, absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000 };
}

export function sessionIdHash(sid: string): string {
  return createHash('sha256').update(sid).digest('base64url');
}

/**
 * Signs `editor` in on this cookie: a new session id and a new CSRF token
 * (nothing from before sign-in survives: no session fixation). The caller
 * saves the cookie.
 */
export async function startEditorSession(store: Store, session: Session, editor: SignedInEditor, limits = sessionLimits(), now = new Date()): Promise<void> {
  if (session.sid) await store.sessions.delete(sessionIdHash(session.sid));
  const sid = randomBytes(32).toString('base64url');
  await store.sessions.create({ idHash: sessionIdHash(sid), editorId: editor.editorId, expiresAt: new Date(now.getTime() + limits.absoluteMs), at: now });
  session.sid = sid;
  session.csrfToken = randomBytes(32).toString('base64url');
  // Housekeeping: rows of sessions that ended by timeout.
  await store.sessions.prune({ now, idleBefore: new Date(now.getTime() - limits.idleMs) }).catch(() => undefined);
}

/** The editor this cookie is signed in as, if its session is still live. */
export async function currentEditor(store: Store, data: Pick<SessionData, 'sid'>, limits = sessionLimits(), now = new Date()): Promise<SignedInEditor | undefined> {
  if (!data.sid) return undefined;
  const idHash = sessionIdHash(data.sid);
  const row = await store.sessions.find(idHash, now);
  if (!row) return undefined;
  const idle = now.getTime() - row.lastSeenAt.getTime();
  if (idle > limits.idleMs) {
    await store.sessions.delete(idHash);
    return undefined;
  }
  if (idle > TOUCH_EVERY_MS) await store.sessions.touch(idHash, now);
  return { editorId: row.editorId, email: row.email };
}

/** Ends this cookie's session (server side) and clears the cookie; the caller sends the headers. */
export async function endEditorSession(store: Store, session: Session): Promise<void> {
  if (session.sid) await store.sessions.delete(sessionIdHash(session.sid));
  session.destroy();
}
