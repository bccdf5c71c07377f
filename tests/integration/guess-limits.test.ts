import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@/lib/auth/password-hash';
import { createStore, type Store } from '@/lib/db/store';
import { authenticateEditor } from '@/lib/editors/authenticate-editor';
import { ApiError } from '@/lib/http/api-error';
import { newSlug } from '@/lib/links/slug';
import { unlockLink } from '@/lib/links/unlock-link';
import { openPgliteTestDatabase, type TestDatabase } from '../helpers/test-database';

/**
 * Issue 11, findings 2 and 3: password guessing spread over many addresses
 * is limited per account and per link, with a bounded backoff that never
 * locks out the owner (a device that signed in before; a client with no
 * failure on the link).
 */
process.env.EASEL_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'easel-guess-'));

let database: TestDatabase;
let store: Store;
let editorId: string;
let address = 0;
/** A different client address each call (as a trusted proxy would report many real clients). */
const nextAddress = () => `203.0.113.${(address++ % 250) + 1}`;

beforeAll(async () => {
  database = await openPgliteTestDatabase();
  store = createStore(database.db);
  editorId = (await store.editors.create({ email: 'owner@example.test', passwordHash: await hashPassword('the-owner-password') }))!.id;
});
afterAll(async () => {
  await database?.dispose();
  rmSync(process.env.EASEL_DATA_DIR!, { recursive: true, force: true });
});

type Outcome = { status: number; retryAfter?: number };

async function outcome(attempt: Promise<unknown>): Promise<Outcome> {
  try {
    await attempt;
    return { status: 200 };
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, retryAfter: error.retryAfterSeconds };
    throw error;
  }
}

describe('sign-in limits per account across addresses (finding 2)', () => {
  it('50 wrong passwords against one account from 50 addresses: at most 6 password checks, then 429 with a bounded Retry-After', async () => {
    const email = `target-${Date.now()}@example.test`;
    await store.editors.create({ email, passwordHash: await hashPassword('a-strong-password') });
    const results: Outcome[] = [];
    for (let i = 0; i < 50; i += 1) {
      results.push(await outcome(authenticateEditor(store, { email, password: `guess-${i}` }, { clientKey: nextAddress() })));
    }
    const checked = results.filter((r) => r.status === 401).length;
    const limited = results.filter((r) => r.status === 429);
    expect(checked).toBeLessThanOrEqual(6);
    expect(limited.length).toBeGreaterThanOrEqual(44);
    for (const r of limited) expect(r.retryAfter).toBeLessThanOrEqual(60);
  });

  it('during such an attack the owner signs in from a device that signed in before', async () => {
    for (let i = 0; i < 30; i += 1) await outcome(authenticateEditor(store, { email: 'owner@example.test', password: `guess-${i}` }, { clientKey: nextAddress() }));
    const fresh = await outcome(authenticateEditor(store, { email: 'owner@example.test', password: 'the-owner-password' }, { clientKey: nextAddress() }));
    expect(fresh.status).toBe(429);
    const trusted = await authenticateEditor(store, { email: 'owner@example.test', password: 'the-owner-password' }, { clientKey: nextAddress(), trustedDevice: true });
    expect(trusted.id).toBe(editorId);
  });

  it('one address is limited across accounts and per account', async () => {
    const client = nextAddress();
    const results: Outcome[] = [];
    for (let i = 0; i < 8; i += 1) results.push(await outcome(authenticateEditor(store, { email: 'nobody@example.test', password: `x${i}` }, { clientKey: client })));
    expect(results.slice(0, 5).map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(results.slice(5).map((r) => r.status)).toEqual([429, 429, 429]);
    const spray: Outcome[] = [];
    const sprayer = nextAddress();
    for (let i = 0; i < 25; i += 1) spray.push(await outcome(authenticateEditor(store, { email: `n${i}@example.test`, password: 'x' }, { clientKey: sprayer })));
    expect(spray.filter((r) => r.status === 429).length).toBe(5);
  });
});

describe('link-password limits per link and per client (finding 3)', () => {
  async function passwordLink(): Promise<string> {
    const slug = newSlug();
    await store.links.create({ slug, fileId: '1001', role: 'viewer', allowDownload: false, expiresAt: null, passwordHash: await hashPassword('right-link-password'), label: null, createdBy: editorId });
    return slug;
  }
  const visitor = (clientKey: string) => ({ clientKey, fingerprint: `fp-${clientKey}`, readCookie: () => undefined });

  it('after 100 wrong guesses from many addresses, the right password from a fresh client unlocks at once', async () => {
    const slug = await passwordLink();
    const results: Outcome[] = [];
    for (let i = 0; i < 100; i += 1) results.push(await outcome(unlockLink(store, slug, `wrong-${i}`, visitor(nextAddress()))));
    expect(results.some((r) => r.status === 401)).toBe(true);
    const owner = await unlockLink(store, slug, 'right-link-password', visitor(nextAddress()));
    expect(owner.unlocked).toBe(true);
    expect(owner.cookie).toBeDefined();
  });

  it('a client that keeps guessing is stopped after 5 tries, and repeat guessers are slowed once the link is under attack', async () => {
    const slug = await passwordLink();
    const guesser = nextAddress();
    const own: Outcome[] = [];
    for (let i = 0; i < 7; i += 1) own.push(await outcome(unlockLink(store, slug, `wrong-${i}`, visitor(guesser))));
    expect(own.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429, 429]);

    // 25 addresses with one failure each push the link past its free attempts…
    const repeaters = Array.from({ length: 25 }, () => nextAddress());
    for (const client of repeaters) await outcome(unlockLink(store, slug, 'wrong', visitor(client)));
    // …so their second guesses hit the gate: at most one gets checked.
    const second = await Promise.all(repeaters.map((client) => outcome(unlockLink(store, slug, 'wrong-again', visitor(client)))));
    expect(second.filter((r) => r.status === 401).length).toBeLessThanOrEqual(1);
    for (const r of second.filter((r) => r.status === 429)) expect(r.retryAfter).toBeLessThanOrEqual(60);
  });
});
