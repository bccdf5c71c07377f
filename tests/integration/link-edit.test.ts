import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStore, type ShareLinkRecord, type Store } from '@/lib/db/store';
import { ApiError } from '@/lib/http/api-error';
import { UpdateLinkSchema } from '@/lib/links/link-input';
import { linkStateOf } from '@/lib/links/link-state';
import { isUnlocked, sealUnlock } from '@/lib/links/unlock-cookie';
import { updateShareLink } from '@/lib/access/update-link';
import { linkAnnotations } from '@/lib/reviews/review-link';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';
import { openPgliteTestDatabase, type TestDatabase } from '@/tests/helpers/test-database';
import { createTokenHarness, introspect, type TokenHarness } from '@/tests/helpers/token-harness';

/**
 * Editing a share link against a real database and a real sandbox: what is
 * stored and audited, and which changes revoke the tokens already handed out.
 */
let sandbox: TestSandbox;
let database: TestDatabase;
let store: Store;
let editorId: string;
let harness: TokenHarness;
const editor = { email: 'owner@example.test' };

beforeAll(async () => {
  process.env.SESSION_SECRET ??= 'integration-test-session-secret-0123456789';
  sandbox = await startTestSandbox();
  database = await openPgliteTestDatabase();
  store = createStore(database.db);
  editorId = (await store.editors.create({ email: editor.email, passwordHash: '$argon2id$fake' }))!.id;
});

afterAll(async () => {
  await database?.dispose();
  await sandbox?.close();
});

beforeEach(async () => {
  await sandbox.control('POST', 'reset');
  harness = createTokenHarness(sandbox);
});

function newLink(overrides: Partial<ShareLinkRecord> = {}): Promise<ShareLinkRecord> {
  return store.links.create({
    slug: `slug-${Math.random().toString(36).slice(2)}-0123456789abcdef`,
    fileId: '1001',
    role: 'annotator',
    allowDownload: true,
    expiresAt: new Date(Date.now() + 7 * 86_400_000),
    passwordHash: null,
    label: 'Ada',
    createdBy: editorId,
    ...overrides,
  });
}

/** A token handed out for the link, as its token route would get one. */
async function mintFor(link: ShareLinkRecord): Promise<string> {
  const token = await harness.tokens.getFileToken({ fileId: link.fileId, role: link.role, allowDownload: link.allowDownload, linkId: link.id });
  expect((await introspect(sandbox, token.accessToken)).active).toBe(true);
  return token.accessToken;
}

const edit = (link: ShareLinkRecord, input: unknown) =>
  updateShareLink(store, editor, link.id, UpdateLinkSchema.parse(input), { revokeTokens: (id) => harness.tokens.revokeLinkTokensReport(id) });

async function lastAudit(link: ShareLinkRecord) {
  const [event] = await store.audit.list({ linkId: link.id, limit: 1 });
  return event!;
}

describe('editing a share link', () => {
  it('narrowing the role revokes the tokens already handed out and is audited', async () => {
    const link = await newLink();
    const token = await mintFor(link);
    const outcome = await edit(link, { role: 'viewer' });
    expect(outcome).toMatchObject({ changed: ['role'], narrowed: true, tokensRevoked: 1, boxConfirmed: true });
    expect(outcome.link.role).toBe('viewer');
    expect((await store.links.findById(link.id))!.role).toBe('viewer');
    expect((await introspect(sandbox, token)).active).toBe(false);
    const event = await lastAudit(link);
    // The audit row is written with the change, before Box is asked: it says that tokens were revoked, not how many.
    expect(event).toMatchObject({ type: 'updated', actor: `editor:${editor.email}`, detail: { role: 'viewer', narrowed: true } });
    expect(event.detail).not.toHaveProperty('tokensRevoked');
  });

  it('a change whose audit row cannot be written is not made, and no token is revoked', async () => {
    const link = await newLink();
    const token = await mintFor(link);
    const auditedBefore = await store.audit.list({ linkId: link.id });
    // Every audit insert fails from here on, as a crash between the two writes would.
    await database.db.execute(sql`alter table audit_events add constraint audit_refuses_edits check (false) not valid`);
    try {
      await expect(edit(link, { role: 'viewer', allowDownload: false, label: 'changed' })).rejects.toThrow();
    } finally {
      await database.db.execute(sql`alter table audit_events drop constraint audit_refuses_edits`);
    }
    expect(await store.links.findById(link.id)).toEqual(link);
    expect(await store.audit.list({ linkId: link.id })).toEqual(auditedBefore);
    expect((await introspect(sandbox, token)).active).toBe(true);
    // The same edit goes through once audit rows can be written again.
    expect(await edit(link, { role: 'viewer' })).toMatchObject({ narrowed: true, tokensRevoked: 1 });
    expect((await lastAudit(link)).detail).toMatchObject({ role: 'viewer', narrowed: true });
  });

  it('widening access (role up, later expiry, download on, label) keeps open pages working', async () => {
    const link = await newLink({ role: 'viewer', allowDownload: false });
    const token = await mintFor(link);
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const outcome = await edit(link, { role: 'annotator', allowDownload: true, expiresAt: later, label: 'Ada (Northwind)' });
    expect(outcome.narrowed).toBe(false);
    expect(outcome.changed.sort()).toEqual(['allowDownload', 'expiresAt', 'label', 'role']);
    expect((await introspect(sandbox, token)).active).toBe(true);
    expect(await store.links.findById(link.id)).toMatchObject({ role: 'annotator', allowDownload: true, label: 'Ada (Northwind)', expiresAt: new Date(later) });
    expect((await lastAudit(link)).detail).toMatchObject({ narrowed: false, label: 'Ada (Northwind)', expiresAt: later });
  });

  it('adding a password narrows; the password itself is stored hashed and never audited', async () => {
    const link = await newLink();
    const token = await mintFor(link);
    const outcome = await edit(link, { password: 'correct-horse-battery' });
    expect(outcome).toMatchObject({ narrowed: true, tokensRevoked: 1 });
    const stored = (await store.links.findById(link.id))!;
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await introspect(sandbox, token)).active).toBe(false);
    const event = await lastAudit(link);
    expect(event.detail).toMatchObject({ password: 'set' });
    expect(JSON.stringify(event)).not.toContain('correct-horse-battery');
    // The next token request must be unlocked again.
    expect(await isUnlocked(stored, () => undefined)).toBe(false);
  });

  it('changing the password locks out browsers that gave the old one; removing it opens the link', async () => {
    const link = await newLink();
    const withPassword = (await edit(link, { password: 'first-password-1' })).link;
    const cookie = await sealUnlock(withPassword);
    const jar = (name: string) => (name === cookie.name ? cookie.value : undefined);
    expect(await isUnlocked(withPassword, jar)).toBe(true);

    const changed = await edit(link, { password: 'second-password-2' });
    expect(changed).toMatchObject({ narrowed: true });
    expect((await lastAudit(link)).detail).toMatchObject({ password: 'changed' });
    expect(await isUnlocked(changed.link, jar)).toBe(false);

    const removed = await edit(link, { password: null });
    expect(removed).toMatchObject({ narrowed: false, changed: ['password'] });
    expect(removed.link.passwordHash).toBeNull();
    expect((await lastAudit(link)).detail).toMatchObject({ password: 'removed' });
  });

  it('an expiry shortened into the past ends the link now and revokes its tokens; extending it opens it again', async () => {
    const link = await newLink();
    const token = await mintFor(link);
    const outcome = await edit(link, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(outcome).toMatchObject({ narrowed: true, tokensRevoked: 1 });
    expect(linkStateOf(outcome.link)).toBe('expired');
    expect((await introspect(sandbox, token)).active).toBe(false);

    const reopened = await edit(link, { expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(reopened.narrowed).toBe(false);
    expect(linkStateOf(reopened.link)).toBe('active');
  });

  it('turning download off narrows; a request that changes nothing records nothing', async () => {
    const link = await newLink();
    await mintFor(link);
    expect(await edit(link, { allowDownload: false })).toMatchObject({ narrowed: true, tokensRevoked: 1 });
    const before = await store.audit.list({ linkId: link.id });
    expect(await edit(link, { allowDownload: false, role: 'annotator', label: 'Ada' })).toMatchObject({ changed: [], narrowed: false });
    expect(await store.audit.list({ linkId: link.id })).toHaveLength(before.length);
  });

  it('a view-only link going from everyone\'s comments to none narrows: its open tokens are revoked; the way back does not', async () => {
    const link = await newLink({ role: 'viewer', allowDownload: false, commentVisibility: 'view_all' });
    const open = await harness.tokens.getFileToken({ fileId: link.fileId, role: link.role, linkId: link.id, annotations: linkAnnotations(link, undefined) });
    expect(open.scopes).toContain('annotation_view_all');
    const hidden = await edit(link, { commentVisibility: 'view_self' });
    expect(hidden).toMatchObject({ changed: ['commentVisibility'], narrowed: true, tokensRevoked: 1, boxConfirmed: true });
    expect((await introspect(sandbox, open.accessToken)).active).toBe(false);
    expect((await lastAudit(link)).detail).toMatchObject({ commentVisibility: 'view_self', narrowed: true });
    // The next token the link hands out shows no comments at all.
    const next = await harness.tokens.getFileToken({ fileId: link.fileId, role: 'viewer', linkId: link.id, annotations: linkAnnotations(hidden.link, undefined) });
    expect(next.scopes).toEqual(['base_preview']);

    const shown = await edit(link, { commentVisibility: 'view_all' });
    expect(shown).toMatchObject({ changed: ['commentVisibility'], narrowed: false, tokensRevoked: 0 });
    expect((await introspect(sandbox, next.accessToken)).active).toBe(true);
  });

  it('a comment link going from shared to private comments narrows too', async () => {
    const link = await newLink({ commentVisibility: 'view_all' });
    const token = await mintFor(link);
    expect(await edit(link, { commentVisibility: 'view_self' })).toMatchObject({ narrowed: true, tokensRevoked: 1 });
    expect((await introspect(sandbox, token)).active).toBe(false);
  });

  it('refuses unknown and revoked links, expiries too far ahead, and empty or malformed input', async () => {
    const revoked = await newLink();
    await store.links.revoke(revoked.id);
    await expect(edit(revoked, { role: 'viewer' })).rejects.toMatchObject({ code: 'gone:link_revoked' });
    await expect(updateShareLink(store, editor, '00000000-0000-4000-8000-000000000000', { role: 'viewer' })).rejects.toMatchObject({ code: 'not_found:link' });
    const link = await newLink();
    const tooFar = new Date(Date.now() + 400 * 86_400_000).toISOString();
    await expect(edit(link, { expiresAt: tooFar })).rejects.toBeInstanceOf(ApiError);
    for (const bad of [{}, { role: 'editor' }, { password: 'short' }, { label: 'x'.repeat(121) }, { fileId: '1002' }, { slug: 'mine' }, { commentVisibility: 'view_none' }]) {
      expect(UpdateLinkSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
