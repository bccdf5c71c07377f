import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/open-database';
import { createStore, type Store } from '@/lib/db/store';
import { openPgliteTestDatabase, openPostgresTestDatabase, testPostgresTarget, type TestDatabase } from '../helpers/test-database';

const MINUTE = 60_000;
const journal = JSON.parse(readFileSync(path.join(process.cwd(), 'lib/db/migrations/meta/_journal.json'), 'utf8')) as { entries: unknown[] };

function storeContract(open: () => Promise<TestDatabase>) {
  let database: TestDatabase;
  let store: Store;
  let editorId: string;

  beforeAll(async () => {
    database = await open();
    store = createStore(database.db);
    const editor = await store.editors.create({ email: 'Owner@Example.test', passwordHash: '$argon2id$fake' });
    editorId = editor!.id;
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const newLink = (overrides: Partial<Parameters<Store['links']['create']>[0]> = {}) =>
    store.links.create({
      slug: `slug-${Math.random().toString(36).slice(2)}`,
      fileId: '1001',
      role: 'viewer',
      allowDownload: false,
      expiresAt: null,
      passwordHash: null,
      label: null,
      createdBy: editorId,
      ...overrides,
    });

  it('applies every migration (all nine tables exist)', async () => {
    const result = await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = (result as { rows: { table_name: string }[] }).rows.map((row) => row.table_name);
    expect(names).toEqual(['audit_events', 'editor_sessions', 'editors', 'link_files', 'link_notification_settings', 'link_tokens', 'link_views', 'notification_deliveries', 'notification_events', 'review_decisions', 'reviewers', 'sandbox_mail', 'share_links', 'webhook_endpoints']);
  });

  it('keeps a review set in order, and one current decision per reviewer and file', async () => {
    const link = await newLink({ fileId: '1003', fileIds: ['1003', '1001', '1002'], role: 'annotator', commentVisibility: 'view_self', requireEmail: true });
    expect(link).toMatchObject({ commentVisibility: 'view_self', requireEmail: true });
    expect(await store.links.filesOf(link.id)).toEqual(['1003', '1001', '1002']);
    const single = await newLink();
    expect((await store.links.filesOfLinks([link.id, single.id])).get(single.id)).toEqual(['1001']);
    await expect(newLink({ fileId: '1001', fileIds: ['1002'] })).rejects.toThrow();

    const reviewer = await store.reviews.createReviewer({ linkId: link.id, name: 'Ada', email: 'ada@example.test' });
    await store.reviews.decide({ linkId: link.id, reviewerId: reviewer.id, fileId: '1001', decision: 'changes_requested', note: 'Darker', at: new Date(Date.now() - MINUTE) });
    await store.reviews.decide({ linkId: link.id, reviewerId: reviewer.id, fileId: '1001', decision: 'approved', note: null });
    await store.reviews.decide({ linkId: link.id, reviewerId: reviewer.id, fileId: '1002', decision: 'changes_requested', note: 'Crop' });
    const decisions = await store.reviews.decisionsOfLinks([link.id]);
    expect(decisions.map((entry) => [entry.fileId, entry.decision, entry.note])).toEqual([
      ['1002', 'changes_requested', 'Crop'],
      ['1001', 'approved', null],
    ]);
    const renamed = await store.reviews.renameReviewer(reviewer.id, { name: 'Ada L.', email: null });
    expect(renamed).toMatchObject({ id: reviewer.id, name: 'Ada L.', email: null });
    expect((await store.reviews.reviewersOfLinks([link.id])).map((entry) => entry.name)).toEqual(['Ada L.']);
  });

  it('stores editors by lower-cased email and refuses duplicates', async () => {
    const found = await store.editors.findByEmail('  OWNER@example.TEST ');
    expect(found?.id).toBe(editorId);
    expect(found?.email).toBe('owner@example.test');
    expect(await store.editors.create({ email: 'owner@EXAMPLE.test', passwordHash: 'x' })).toBeUndefined();
    expect((await store.editors.findById(editorId))?.passwordHash).toBe('$argon2id$fake');
    expect(await store.editors.findByEmail('nobody@example.test')).toBeUndefined();
  });

  it('creates links and finds them by slug with every field intact', async () => {
    const expiresAt = new Date(Date.now() + 60 * MINUTE);
    const link = await newLink({ role: 'annotator', allowDownload: true, expiresAt, passwordHash: 'hash', label: '<b>Client</b>' });
    const found = await store.links.findBySlug(link.slug);
    expect(found).toMatchObject({
      id: link.id,
      fileId: '1001',
      role: 'annotator',
      allowDownload: true,
      passwordHash: 'hash',
      label: '<b>Client</b>',
      createdBy: editorId,
      revokedAt: null,
    });
    expect(found?.expiresAt?.getTime()).toBe(expiresAt.getTime());
    expect(await store.links.findBySlug('no-such-slug')).toBeUndefined();
  });

  it('refuses a second link with the same slug and an unknown role', async () => {
    const link = await newLink();
    await expect(newLink({ slug: link.slug })).rejects.toThrow();
    await expect(newLink({ role: 'editor' as 'viewer' })).rejects.toThrow();
  });

  it('revokes once: a second revoke keeps the first time', async () => {
    const link = await newLink();
    const first = new Date('2030-01-01T00:00:00Z');
    const revoked = await store.links.revoke(link.id, first);
    expect(revoked?.revokedAt?.toISOString()).toBe(first.toISOString());
    const again = await store.links.revoke(link.id, new Date('2031-01-01T00:00:00Z'));
    expect(again?.revokedAt?.toISOString()).toBe(first.toISOString());
    expect(await store.links.revoke('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('counts a client once per window, other clients separately', async () => {
    const link = await newLink();
    const t0 = new Date('2030-05-01T10:00:00Z');
    const window = 30 * MINUTE;
    expect(await store.links.recordView({ linkId: link.id, clientHash: 'a', at: t0, dedupeWindowMs: window })).toBe(true);
    expect(await store.links.recordView({ linkId: link.id, clientHash: 'a', at: new Date(t0.getTime() + 5 * MINUTE), dedupeWindowMs: window })).toBe(false);
    expect(await store.links.recordView({ linkId: link.id, clientHash: 'b', at: new Date(t0.getTime() + 6 * MINUTE), dedupeWindowMs: window })).toBe(true);
    const later = new Date(t0.getTime() + 45 * MINUTE);
    expect(await store.links.recordView({ linkId: link.id, clientHash: 'a', at: later, dedupeWindowMs: window })).toBe(true);

    const listed = (await store.links.listWithViews()).find((row) => row.id === link.id);
    expect(listed?.viewCount).toBe(3);
    expect(listed?.lastViewedAt?.toISOString()).toBe(later.toISOString());
  });

  it('lists links newest first, unviewed ones with zero views', async () => {
    const older = await newLink({ label: 'older' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const newer = await newLink({ label: 'newer' });
    const rows = await store.links.listWithViews();
    const ids = rows.map((row) => row.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(rows.find((row) => row.id === newer.id)).toMatchObject({ viewCount: 0, lastViewedAt: null });
    expect(await store.links.listWithViews({ limit: 1 })).toHaveLength(1);
  });

  it('keeps an audit log per link, newest first, with the link label', async () => {
    const link = await newLink({ label: 'For Ada' });
    const other = await newLink();
    const base = Date.parse('2030-06-01T00:00:00Z');
    await store.audit.record({ linkId: link.id, type: 'created', actor: 'editor:owner@example.test', at: new Date(base) });
    await store.audit.record({ linkId: link.id, type: 'wrong_password', actor: 'visitor:abc', at: new Date(base + 1000), detail: { attempts: 1 } });
    await store.audit.record({ linkId: other.id, type: 'viewed', actor: 'visitor:def', at: new Date(base + 2000) });
    await store.audit.record({ linkId: link.id, type: 'revoked', actor: 'editor:owner@example.test', at: new Date(base + 3000) });

    const events = await store.audit.list({ linkId: link.id });
    expect(events.map((event) => event.type)).toEqual(['revoked', 'wrong_password', 'created']);
    expect(events[1]).toMatchObject({ actor: 'visitor:abc', detail: { attempts: 1 }, label: 'For Ada', fileId: '1001' });
    const all = await store.audit.list({ limit: 2 });
    expect(all).toHaveLength(2);
    await expect(store.audit.record({ linkId: link.id, type: 'deleted' as 'created', actor: 'x' })).rejects.toThrow();
  });
}

describe('store on embedded PGlite', () => {
  storeContract(openPgliteTestDatabase);
});

describe('store on PostgreSQL (TEST_DATABASE_URL)', () => {
  const target = testPostgresTarget();
  if (target.url) {
    const url = target.url;
    storeContract(() => openPostgresTestDatabase(url));
  } else if (target.required) {
    it('has a PostgreSQL server to run on', () => {
      throw new Error('TEST_DATABASE_URL is not set: CI must run the store tests on PostgreSQL too (see .ci/run).');
    });
  } else {
    // Outside CI only: say so rather than pass quietly.
    console.warn('PostgreSQL store tests not run: install Debian postgresql (the test setup starts a private server) or set TEST_DATABASE_URL. Required in CI.');
  }
});

describe('embedded PGlite data folder', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('gives every link made before review sets its one file when migrating', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'easel-db-'));
    const initOnly = mkdtempSync(path.join(tmpdir(), 'easel-migrations-'));
    dirs.push(dataDir, initOnly);
    // The migrations as they were before 0002_reviews.
    const migrations = path.join(process.cwd(), 'lib', 'db', 'migrations');
    cpSync(migrations, initOnly, { recursive: true });
    rmSync(path.join(initOnly, '0002_reviews.sql'));
    const earlier = JSON.parse(readFileSync(path.join(migrations, 'meta', '_journal.json'), 'utf8'));
    // Everything from 0002_reviews on (drizzle applies by time, so later migrations must go too).
    const reviewsIndex = earlier.entries.findIndex((entry: { tag: string }) => entry.tag === '0002_reviews');
    earlier.entries = earlier.entries.slice(0, reviewsIndex);
    writeFileSync(path.join(initOnly, 'meta', '_journal.json'), JSON.stringify(earlier));

    const old = await openDatabase({ dataDir, migrationsFolder: initOnly });
    await old.db.execute(sql`insert into editors (email, password_hash) values ('old@example.test', 'h')`);
    await old.db.execute(
      sql`insert into share_links (slug, file_id, role, created_by) select 'old-link-slug-0000000000', '1005', 'annotator', id from editors`,
    );
    await old.close();

    const migrated = await openDatabase({ dataDir });
    const store = createStore(migrated.db);
    const link = await store.links.findBySlug('old-link-slug-0000000000');
    expect(link).toMatchObject({ fileId: '1005', commentVisibility: 'view_all', requireEmail: false });
    expect(await store.links.filesOf(link!.id)).toEqual(['1005']);
    await migrated.close();
  });

  it('keeps data across reopen and migrates only once', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'easel-db-'));
    dirs.push(dataDir);
    const first = await openDatabase({ dataDir });
    await createStore(first.db).editors.create({ email: 'kept@example.test', passwordHash: 'h' });
    await first.close();

    const second = await openDatabase({ dataDir });
    expect(await createStore(second.db).editors.findByEmail('kept@example.test')).toBeDefined();
    const applied = await second.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect((applied as { rows: { n: number }[] }).rows[0]?.n).toBe(journal.entries.length);
    await second.close();
  });
});
