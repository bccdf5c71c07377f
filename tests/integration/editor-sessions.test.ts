import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as csrfRoute } from '@/app/api/csrf/route';
import { POST as revokeRoute } from '@/app/api/editor/links/[linkId]/revoke/route';
import { POST as loginRoute } from '@/app/api/editor/login/route';
import { POST as logoutRoute } from '@/app/api/editor/logout/route';
import { getCaller } from '@/lib/auth/get-caller';
import { currentEditor, sessionIdHash, startEditorSession } from '@/lib/auth/editor-session';
import { hashPassword } from '@/lib/auth/password-hash';
import { getStore } from '@/lib/db/get-store';
import type { Store } from '@/lib/db/store';
import { DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD } from '@/lib/db/demo-editor';
import { CookieJar } from '../helpers/cookie-client';

/**
 * Issue 11, finding 1: sign-out, password change, editor removal and "sign
 * out everywhere" end every copy of a session cookie; idle and absolute
 * timeouts hold. Through the real route handlers and the embedded database.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'easel-sessions-'));
process.env.EASEL_DATA_DIR = dataDir;
delete process.env.DATABASE_URL;

const ORIGIN = 'http://localhost:3000';
const NO_LINK = '00000000-0000-4000-8000-000000000000';
let store: Store;
let clientNumber = 0;

beforeAll(async () => {
  store = await getStore();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Browser {
  jar: CookieJar;
  csrf: string;
}

function requestFrom(jar: CookieJar, url: string, init: { method?: string; csrf?: string; body?: unknown } = {}): Request {
  const headers: Record<string, string> = { cookie: jar.header(), 'x-forwarded-for': `198.51.100.${(clientNumber % 200) + 1}` };
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return new Request(`${ORIGIN}${url}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

async function signIn(email: string, password: string): Promise<Browser> {
  clientNumber += 1;
  const jar = new CookieJar();
  const csrf = (await jar.take(await csrfRoute(requestFrom(jar, '/api/csrf'))).json()).csrfToken as string;
  const response = jar.take(await loginRoute(requestFrom(jar, '/api/editor/login', { method: 'POST', csrf, body: { email, password } })));
  expect(response.status, await response.clone().text()).toBe(200);
  return { jar, csrf: (await response.json()).csrfToken };
}

/** An editor-only mutation: 404 for a signed-in editor (no such link), 401 otherwise. */
async function editorAccess(browser: Browser): Promise<number> {
  const response = await revokeRoute(requestFrom(browser.jar, `/api/editor/links/${NO_LINK}/revoke`, { method: 'POST', csrf: browser.csrf }), {
    params: Promise.resolve({ linkId: NO_LINK }),
  });
  return response.status;
}

async function signOut(browser: Browser, everywhere = false): Promise<void> {
  const url = everywhere ? '/api/editor/logout?everywhere=1' : '/api/editor/logout';
  const response = browser.jar.take(await logoutRoute(requestFrom(browser.jar, url, { method: 'POST', csrf: browser.csrf, body: {} })));
  expect(response.status).toBe(200);
}

async function newEditor(): Promise<{ email: string; password: string; id: string }> {
  const email = `editor-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = 'a-long-editor-password';
  const created = await store.editors.create({ email, passwordHash: await hashPassword(password) });
  return { email, password, id: created!.id };
}

describe('editor sessions end on the server (issue 11, finding 1)', () => {
  it('a copied session cookie is refused (401) after sign-out', async () => {
    const browser = await signIn(DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD);
    const copy = { jar: browser.jar.copy(), csrf: browser.csrf };
    expect(await editorAccess(copy)).toBe(404);
    await signOut(browser);
    expect(await editorAccess(copy)).toBe(401);
    expect((await getCaller(requestFrom(copy.jar, '/api/files/1001/token'))).kind).toBe('anonymous');
  });

  it('signing in again does not revive a copied cookie of an ended session', async () => {
    const first = await signIn(DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD);
    const copy = { jar: first.jar.copy(), csrf: first.csrf };
    await signOut(first);
    const again = await signIn(DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD);
    expect(await editorAccess(again)).toBe(404);
    expect(await editorAccess(copy)).toBe(401);
  });

  it('"sign out everywhere" ends the sessions of every device', async () => {
    const editor = await newEditor();
    const laptop = await signIn(editor.email, editor.password);
    const phone = await signIn(editor.email, editor.password);
    const other = await signIn(DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD);
    await signOut(laptop, true);
    expect(await editorAccess(phone)).toBe(401);
    expect(await editorAccess(other)).toBe(404);
  });

  it('a password change ends every session of the editor', async () => {
    const editor = await newEditor();
    const browser = await signIn(editor.email, editor.password);
    expect(await editorAccess(browser)).toBe(404);
    await store.editors.setPasswordHash(editor.id, await hashPassword('another-long-password'));
    expect(await editorAccess(browser)).toBe(401);
  });

  it("the editor's removal ends their sessions", async () => {
    const editor = await newEditor();
    const browser = await signIn(editor.email, editor.password);
    expect(await store.editors.remove(editor.id)).toBe('removed');
    expect(await editorAccess(browser)).toBe(401);
  });

  it('a session ends after the idle timeout, and at the absolute timeout even when used all along', async () => {
    const editor = await newEditor();
    const limits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };
    const start = new Date('2030-01-01T08:00:00Z');
    const session = { sid: undefined as string | undefined, csrfToken: undefined as string | undefined };
    await startEditorSession(store, session as never, { editorId: editor.id, email: editor.email }, limits, start);
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    expect(await currentEditor(store, session, limits, at(29))).toMatchObject({ email: editor.email });
    // Used every 25 minutes: alive until the 12-hour mark, then over.
    for (let minutes = 54; minutes < 12 * 60; minutes += 25) expect(await currentEditor(store, session, limits, at(minutes))).toBeDefined();
    expect(await currentEditor(store, session, limits, at(12 * 60 + 1))).toBeUndefined();

    const idle = { sid: undefined as string | undefined, csrfToken: undefined as string | undefined };
    await startEditorSession(store, idle as never, { editorId: editor.id, email: editor.email }, limits, start);
    expect(await currentEditor(store, idle, limits, at(31))).toBeUndefined();
    // …and the row is gone, so it can't come back.
    expect(await store.sessions.find(sessionIdHash(idle.sid!), at(1))).toBeUndefined();
  });

  it('the cookie holds a sealed random id, never the editor id or email', async () => {
    const browser = await signIn(DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD);
    const editor = await store.editors.findByEmail(DEMO_EDITOR_EMAIL);
    expect(browser.jar.header()).not.toContain(editor!.id);
    expect(browser.jar.header()).not.toContain('easel.test');
  });
});
