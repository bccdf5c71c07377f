import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ListenFn } from '@/lib/db/database';
import { createStore, type Store } from '@/lib/db/store';
import { commentEvent } from '@/lib/notify/events';
import { createNotificationWorker, type NotificationWorker } from '@/lib/notify/worker';
import { artworkNames, smtpMailer, TEST_APP_URL, webhookSecrets } from '../helpers/notify-harness';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { openPgliteTestDatabase, openPostgresTestDatabase, testPostgresTarget, type TestDatabase } from '../helpers/test-database';

/** Polls so rare that only a wake-up can deliver within the test's bounded waits. */
const NO_POLL = { pollMs: 60_000, listeningPollMs: 60_000, expiringScanMs: 3_600_000 };
/** How long a woken worker may take to deliver (generous for a loaded CI machine; the bench has the real numbers). */
const WAKE_BOUND_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function wakeContract(open: () => Promise<TestDatabase>, postgres: boolean) {
  let database: TestDatabase;
  let store: Store;
  let smtp: SmtpSink;
  let worker: NotificationWorker | undefined;
  let linkId: string;
  let sequence = 0;

  /** Counts what reaches the worker: notifications on the outbox channel, and its claim passes. */
  const seen = { notifications: 0, claims: 0, claiming: 0 };

  beforeAll(async () => {
    database = await open();
    store = createStore(database.db);
    const editorId = (await store.editors.create({ email: 'wake@example.test', passwordHash: 'x' }))!.id;
    const link = await store.links.create({ slug: `wake-${Date.now()}`, fileId: '1001', role: 'annotator', allowDownload: false, expiresAt: null, passwordHash: null, label: null, createdBy: editorId });
    linkId = link.id;
    await store.notifications.setEmailMode(linkId, editorId, 'every');
  });
  afterAll(async () => {
    await database?.dispose();
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await smtp?.close();
  });

  /** Starts a worker on `store` and waits until it listens and its first passes are over. */
  async function startSleepingWorker(listen: ListenFn | undefined): Promise<void> {
    smtp = await startSmtpSink();
    Object.assign(seen, { notifications: 0, claims: 0, claiming: 0 });
    const counted: Store = {
      ...store,
      notifications: {
        ...store.notifications,
        claimDue: async (input) => {
          seen.claims += 1;
          seen.claiming += 1;
          try {
            return await store.notifications.claimDue(input);
          } finally {
            seen.claiming -= 1;
          }
        },
      },
    };
    let listening = false;
    const countingListen: ListenFn | undefined = listen
      ? async (channel, onNotify) => {
          const listener = await listen(channel, () => {
            seen.notifications += 1;
            onNotify();
          });
          listening = true;
          return listener;
        }
      : undefined;
    worker = createNotificationWorker({ store: counted, mailer: smtpMailer(smtp.url), fileNames: artworkNames, appUrl: TEST_APP_URL, secrets: webhookSecrets(), targetPolicy: { allowPrivate: true }, listen: countingListen, options: NO_POLL });
    worker.start();
    await until(() => (!listen || listening) && seen.claims >= 1 && seen.claiming === 0, 10_000, 'the first pass');
    // Passes set off by the subscription itself (PostgreSQL: one on connect) are over, and no other comes.
    await sleep(300);
    await until(() => seen.claiming === 0, 5_000, 'the worker to go to sleep');
  }

  const comment = () => {
    sequence += 1;
    return commentEvent({ linkId, fileId: '1001', commentId: `wake-${linkId}-${sequence}`, reviewerName: 'Ana', message: `Comment ${sequence}` });
  };

  it('a committed event wakes a sleeping worker at once, without its poll', async () => {
    await startSleepingWorker(database.listen);
    const claimsBefore = seen.claims;
    const started = Date.now();
    await store.transaction(async (tx) => {
      await tx.audit.record({ linkId, type: 'viewed', actor: 'visitor:wake' });
      await tx.notifications.emit(comment());
    });
    await smtp.waitFor(1, WAKE_BOUND_MS);
    expect(Date.now() - started).toBeLessThan(WAKE_BOUND_MS);
    expect(seen.notifications).toBeGreaterThanOrEqual(1);
    expect(seen.claims).toBeGreaterThan(claimsBefore);
    expect(smtp.received[0]!.subject).toBe('Ana commented on Poster 1001.png');
  });

  it('without LISTEN the same worker sleeps through its poll (the control for the test above)', async () => {
    await startSleepingWorker(undefined);
    await store.transaction((tx) => tx.notifications.emit(comment()));
    await sleep(1_500);
    expect(smtp.received).toHaveLength(0);
    // Deliver it now so the next test starts from an empty outbox.
    await worker!.runOnce();
    await smtp.waitFor(1, WAKE_BOUND_MS);
  });

  it('an event still inside its transaction wakes nothing; its commit does', async () => {
    await startSleepingWorker(database.listen);
    const notificationsBefore = seen.notifications;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let emitted!: () => void;
    const inside = new Promise<void>((resolve) => (emitted = resolve));
    const transaction = store.transaction(async (tx) => {
      await tx.notifications.emit(comment());
      emitted();
      await held;
    });
    await inside;
    await sleep(500);
    expect(seen.notifications).toBe(notificationsBefore);
    expect(smtp.received).toHaveLength(0);
    release();
    await transaction;
    await smtp.waitFor(1, WAKE_BOUND_MS);
    expect(seen.notifications).toBeGreaterThan(notificationsBefore);
  });

  it('a rolled-back event wakes nothing and delivers nothing', async () => {
    await startSleepingWorker(database.listen);
    const { notifications: notificationsBefore, claims: claimsBefore } = seen;
    const pendingBefore = (await store.notifications.countDeliveries()).pending;
    const rolledBack = store.transaction(async (tx) => {
      await tx.notifications.emit(comment());
      throw new Error('the change failed');
    });
    await expect(rolledBack).rejects.toThrow('the change failed');
    await sleep(800);
    expect(seen.notifications).toBe(notificationsBefore);
    expect(seen.claims).toBe(claimsBefore);
    expect(smtp.received).toHaveLength(0);
    expect((await store.notifications.countDeliveries()).pending).toBe(pendingBefore);
    // The worker was listening all along: the next committed event is delivered at once.
    await store.transaction((tx) => tx.notifications.emit(comment()));
    await smtp.waitFor(1, WAKE_BOUND_MS);
    expect(smtp.received).toHaveLength(1);
  });

  if (postgres) {
    it('PostgreSQL: a lost listening connection is replaced, and the worker wakes again', async () => {
      await startSleepingWorker(database.listen);
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      try {
        const killed = await admin.query(`select pg_terminate_backend(pid) as done from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%'`);
        expect(killed.rowCount).toBe(1);
      } finally {
        await admin.end();
      }
      const notificationsBefore = seen.notifications;
      // The new connection signals once (anything sent meanwhile was lost), then listens.
      await until(() => seen.notifications > notificationsBefore, 10_000, 'the listener to reconnect');
      await until(() => seen.claiming === 0, 5_000, 'the pass after reconnecting');
      await store.transaction((tx) => tx.notifications.emit(comment()));
      await smtp.waitFor(1, WAKE_BOUND_MS);
    });
  }
}

describe('worker wake-up on embedded PGlite', () => {
  wakeContract(openPgliteTestDatabase, false);
});

describe('worker wake-up on PostgreSQL', () => {
  const target = testPostgresTarget();
  if (target.url) {
    const url = target.url;
    wakeContract(() => openPostgresTestDatabase(url), true);
  } else if (target.required) {
    it('has a PostgreSQL server to run on', () => {
      throw new Error('TEST_DATABASE_URL is not set: CI must run the wake-up tests on PostgreSQL too.');
    });
  } else {
    console.warn('PostgreSQL wake-up tests not run: install Debian postgresql or set TEST_DATABASE_URL. Required in CI.');
  }
});
