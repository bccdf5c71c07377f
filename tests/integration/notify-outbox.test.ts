import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '@/lib/db/store';
import { commentEvent, decisionEvent, firstViewEvent } from '@/lib/notify/events';
import { drain, smtpMailer, testWorker } from '../helpers/notify-harness';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { openPgliteTestDatabase, openPostgresTestDatabase, testPostgresTarget, type TestDatabase } from '../helpers/test-database';

const HOUR = 3_600_000;

function outboxContract(open: () => Promise<TestDatabase>) {
  let database: TestDatabase;
  let store: Store;
  let smtp: SmtpSink;
  let editorId: string;

  beforeAll(async () => {
    database = await open();
    store = createStore(database.db);
    editorId = (await store.editors.create({ email: 'owner@example.test', passwordHash: 'x' }))!.id;
  });
  afterAll(async () => {
    await database?.dispose();
  });
  afterEach(async () => {
    await smtp?.close();
  });

  const newLink = async (mode: 'every' | 'digest' | 'off' | undefined, overrides: { expiresAt?: Date; label?: string } = {}) => {
    const link = await store.links.create({
      slug: `secret-slug-${Math.random().toString(36).slice(2)}`,
      fileId: '1001',
      role: 'annotator',
      allowDownload: false,
      expiresAt: overrides.expiresAt ?? null,
      passwordHash: null,
      label: overrides.label ?? null,
      createdBy: editorId,
    });
    if (mode) await store.notifications.setEmailMode(link.id, editorId, mode);
    return link;
  };

  const comment = (linkId: string, id: string, message: string, at?: Date) =>
    commentEvent({ linkId, fileId: '1001', commentId: id, reviewerName: 'Ana <Client>', message, at });

  it('a comment produces exactly one mail with the artwork, reviewer, escaped comment and the feedback link (no slug)', async () => {
    smtp = await startSmtpSink({ user: 'mailer', password: 'smtp-pass-123' });
    const link = await newLink('every', { label: 'Spring campaign' });
    const message = 'Make the <script>alert(1)</script> logo bigger & bolder\nsecond line';
    // Written in the transaction of its cause.
    await store.transaction(async (tx) => {
      await tx.audit.record({ linkId: link.id, type: 'viewed', actor: 'visitor:x' });
      expect(await tx.notifications.emit(comment(link.id, `c-${link.id}`, message))).toBe(true);
    });
    // The same comment confirmed again (another nudge, another instance) is not a second event.
    expect(await store.notifications.emit(comment(link.id, `c-${link.id}`, message))).toBe(false);

    const worker = testWorker(store, smtpMailer(smtp.url));
    await drain(worker, async () => (await store.notifications.countDeliveries()).pending === 0);
    await worker.stop();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toBe('owner@example.test');
    expect(mail.from).toContain('notify@easel.test');
    expect(mail.subject).toBe('Ana <Client> commented on Poster 1001.png');
    expect(mail.text).toContain('> Make the <script>alert(1)</script> logo bigger & bolder');
    expect(mail.text).toContain(`http://easel.test/editor/links/${link.id}`);
    expect(mail.html).toContain('Make the &lt;script&gt;alert(1)&lt;/script&gt; logo bigger &amp; bolder');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('Ana &lt;Client&gt; commented on Poster 1001.png');
    expect(mail.html).toContain(`href="http://easel.test/editor/links/${link.id}"`);
    for (const body of [mail.text, mail.html, mail.subject]) {
      expect(body).not.toContain(link.slug);
      expect(body).not.toContain('smtp-pass-123');
    }
    expect(mail.key).toMatch(/^evt\d+\.email\./);
    expect(mail.messageId).toBe(`<${mail.key}@notifications.easel>`);
  });

  it('a rolled-back change leaves no event behind', async () => {
    const link = await newLink('every');
    await expect(
      store.transaction(async (tx) => {
        await tx.notifications.emit(comment(link.id, `rolled-${link.id}`, 'never'));
        throw new Error('the cause failed');
      }),
    ).rejects.toThrow('the cause failed');
    expect((await store.notifications.recentDeliveries([link.id], 10)).get(link.id)).toBeUndefined();
    // And the key is free for the real one.
    expect(await store.notifications.emit(comment(link.id, `rolled-${link.id}`, 'now'))).toBe(true);
    await store.notifications.markFailed(((await store.notifications.recentDeliveries([link.id], 10)).get(link.id) ?? []).map((d) => d.id), 'test cleanup');
  });

  it('an emit outside a transaction is atomic too: when its deliveries cannot be written, no event is kept to block the retry', async () => {
    const link = await newLink('every');
    const event = comment(link.id, `atomic-${link.id}`, 'all or nothing');
    await database.db.execute(sql.raw(`create or replace function easel_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'deliveries refused'; end $$`));
    await database.db.execute(sql.raw(`create trigger easel_test_refuse before insert on notification_deliveries for each row execute function easel_test_refuse()`));
    try {
      await expect(store.notifications.emit(event)).rejects.toThrow();
    } finally {
      await database.db.execute(sql.raw(`drop trigger easel_test_refuse on notification_deliveries`));
    }
    // The retry (the next nudge or scan) records it, with its delivery.
    expect(await store.notifications.emit(event)).toBe(true);
    const deliveries = (await store.notifications.recentDeliveries([link.id], 10)).get(link.id) ?? [];
    expect(deliveries.map((delivery) => delivery.eventType)).toEqual(['comment.created']);
    await store.notifications.markFailed(deliveries.map((d) => d.id), 'test cleanup');
  });

  it('runs chores beside deliveries: the first one interval after start, never two of one at once, a failure not stopping the next', async () => {
    let runs = 0;
    let running = 0;
    let mostAtOnce = 0;
    const chore = {
      name: 'test-chore',
      everyMs: 150,
      run: async () => {
        runs += 1;
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 250));
        running -= 1;
        if (runs === 1) throw new Error('the first pass fails');
      },
    };
    const worker = testWorker(store, undefined, {}, true, false, [chore]);
    worker.start();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(runs).toBe(0);
    await expect.poll(() => runs, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    await worker.stop();
    expect(mostAtOnce).toBe(1);
    expect(running).toBe(0);
  });

  it('a digest groups several events of an hour into one mail; "off" sends nothing', async () => {
    smtp = await startSmtpSink();
    const digestLink = await newLink(undefined); // the default is the digest
    const quietLink = await newLink('off');
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR);
    await store.notifications.emit(firstViewEvent({ linkId: digestLink.id, fileId: '1001', clientHash: 'h1', at: twoHoursAgo }));
    await store.notifications.emit(comment(digestLink.id, `d1-${digestLink.id}`, 'First note', new Date(twoHoursAgo.getTime() + 1000)));
    await store.notifications.emit(
      decisionEvent({ linkId: digestLink.id, fileId: '1002', reviewerId: 'r1', reviewerName: 'Bo', decision: 'approved', note: null, decidedAt: new Date(twoHoursAgo.getTime() + 2000) }),
    );
    expect(await store.notifications.emit(comment(quietLink.id, `q-${quietLink.id}`, 'Nobody hears this'))).toBe(true);
    // An event of this hour waits for the next digest.
    await store.notifications.emit(comment(digestLink.id, `d2-${digestLink.id}`, 'Later note'));

    const worker = testWorker(store, smtpMailer(smtp.url));
    await drain(worker, () => smtp.received.length >= 1);
    for (let pass = 0; pass < 3; pass += 1) await worker.runOnce();
    await worker.stop();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.subject).toBe('3 updates on your link Poster 1001.png');
    expect(mail.key).toMatch(/^digest\d+\./);
    const order = ['A new visitor opened Poster 1001.png', 'Ana <Client> commented on Poster 1001.png', 'Bo approved Poster 1002.png'].map((line) => mail.text.indexOf(line));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(mail.text).not.toContain('Later note');
    expect(mail.text).not.toContain('Nobody hears this');
    const pendingLater = (await store.notifications.recentDeliveries([digestLink.id], 10)).get(digestLink.id)!.filter((d) => d.status === 'pending');
    expect(pendingLater).toHaveLength(1);
    expect(pendingLater[0]!.digest).toBe(true);
    expect((await store.notifications.recentDeliveries([quietLink.id], 10)).get(quietLink.id)).toBeUndefined();
    await store.notifications.markFailed(pendingLater.map((d) => d.id), 'test cleanup');
  });

  it('an SMTP server refusing twice and then accepting yields one mail after three attempts, shown as retrying in between', async () => {
    smtp = await startSmtpSink();
    smtp.refuseNext(2);
    const link = await newLink('every');
    await store.notifications.emit(comment(link.id, `r-${link.id}`, 'Retry me'));
    const worker = testWorker(store, smtpMailer(smtp.url));
    await worker.runOnce();
    const retrying = (await store.notifications.recentDeliveries([link.id], 5)).get(link.id)![0]!;
    expect(retrying).toMatchObject({ status: 'pending', attempts: 1 });
    expect(retrying.lastError).toContain('451');
    await drain(worker, () => smtp.received.length >= 1);
    for (let pass = 0; pass < 3; pass += 1) await worker.runOnce();
    await worker.stop();
    expect(smtp.received).toHaveLength(1);
    const delivery = (await store.notifications.recentDeliveries([link.id], 5)).get(link.id)![0]!;
    expect(delivery).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('gives up after the last attempt and shows the error', async () => {
    smtp = await startSmtpSink();
    smtp.refuseNext(100);
    const link = await newLink('every');
    await store.notifications.emit(comment(link.id, `f-${link.id}`, 'Doomed'));
    const worker = testWorker(store, smtpMailer(smtp.url), { maxAttempts: 3 });
    await drain(worker, async () => (await store.notifications.recentDeliveries([link.id], 5)).get(link.id)![0]!.status === 'failed');
    await worker.stop();
    const delivery = (await store.notifications.recentDeliveries([link.id], 5)).get(link.id)![0]!;
    expect(delivery.attempts).toBe(3);
    expect(delivery.lastError).toMatch(/451.*Mailbox busy/);
    expect(smtp.received).toHaveLength(0);
  });

  it('two workers on one database deliver each of 30 events exactly once', async () => {
    smtp = await startSmtpSink();
    const link = await newLink('every');
    for (let index = 0; index < 30; index += 1) await store.notifications.emit(comment(link.id, `p${index}-${link.id}`, `Note ${index}`));
    const workers = [testWorker(store, smtpMailer(smtp.url), { batchSize: 4 }), testWorker(store, smtpMailer(smtp.url), { batchSize: 4 })];
    workers.forEach((worker) => worker.start());
    await smtp.waitFor(30);
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(smtp.received).toHaveLength(30);
    expect([...smtp.countsByKey().values()].every((count) => count === 1)).toBe(true);
  });

  it('announces a link 24 hours before it expires, once', async () => {
    const soon = await newLink('every', { expiresAt: new Date(Date.now() + 23 * HOUR) });
    const later = await newLink('every', { expiresAt: new Date(Date.now() + 30 * HOUR) });
    const now = new Date();
    expect(await store.notifications.emitExpiring({ now, horizon: new Date(now.getTime() + 24 * HOUR) })).toBeGreaterThanOrEqual(1);
    expect(await store.notifications.emitExpiring({ now, horizon: new Date(now.getTime() + 24 * HOUR) })).toBe(0);
    const deliveries = await store.notifications.recentDeliveries([soon.id, later.id], 5);
    expect(deliveries.get(soon.id)?.map((d) => d.eventType)).toEqual(['link.expiring']);
    expect(deliveries.get(later.id)).toBeUndefined();
    await store.notifications.markFailed(deliveries.get(soon.id)!.map((d) => d.id), 'test cleanup');
  });
}

describe('notification outbox on embedded PGlite', () => {
  outboxContract(openPgliteTestDatabase);
});

describe('notification outbox on PostgreSQL', () => {
  const target = testPostgresTarget();
  if (target.url) {
    const url = target.url;
    outboxContract(() => openPostgresTestDatabase(url));
  } else if (target.required) {
    it('has a PostgreSQL server to run on', () => {
      throw new Error('TEST_DATABASE_URL is not set: CI must run the outbox tests on PostgreSQL too.');
    });
  } else {
    console.warn('PostgreSQL outbox tests not run: install Debian postgresql or set TEST_DATABASE_URL. Required in CI.');
  }
});
