import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/open-database';
import { createStore, type Store } from '@/lib/db/store';
import { commentEvent } from '@/lib/notify/events';
import { startSmtpSink } from '../helpers/smtp-sink';
import { openPostgresTestDatabase, testPostgresTarget } from '../helpers/test-database';

const ROOT = path.resolve(__dirname, '../..');
const EVENTS = 10;

function startChild(env: Record<string, string>): { child: ChildProcess; ready: Promise<void> } {
  // node itself (not the tsx wrapper, which forks): SIGKILL must hit the worker's own process.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/notify-worker-child.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker child exited early (${code})`)));
  });
  return { child, ready };
}

async function seed(store: Store): Promise<string[]> {
  const editor = await store.editors.create({ email: 'crash@example.test', passwordHash: 'x' });
  const link = await store.links.create({
    slug: 'crash-slug',
    fileId: '1001',
    role: 'annotator',
    allowDownload: false,
    expiresAt: null,
    passwordHash: null,
    label: null,
    createdBy: editor!.id,
  });
  await store.notifications.setEmailMode(link.id, editor!.id, 'every');
  for (let index = 0; index < EVENTS; index += 1) {
    await store.notifications.emit(commentEvent({ linkId: link.id, fileId: '1001', commentId: `crash-${index}`, reviewerName: 'Ana', message: `Note ${index}` }));
  }
  return [link.id];
}

/**
 * Kills a worker process (SIGKILL) while the SMTP server holds its 5th mail,
 * starts a new one, and counts mails by idempotency key: every event arrives,
 * none twice.
 */
async function crashAndRecover(childEnv: Record<string, string>): Promise<Map<string, number>> {
  const smtp = await startSmtpSink();
  const stalled = smtp.stallMessage(4);
  const first = startChild({ ...childEnv, CHILD_SMTP_URL: smtp.url });
  try {
    await first.ready;
    await stalled;
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    expect(smtp.received.length).toBe(4);

    // As a supervisor would: start again until the dead process's data-folder lock has gone stale (PGlite; 2 s here).
    let second = startChild({ ...childEnv, CHILD_SMTP_URL: smtp.url });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const ok = await second.ready.then(() => true, () => false);
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      second = startChild({ ...childEnv, CHILD_SMTP_URL: smtp.url });
    }
    try {
      await second.ready;
      await smtp.waitFor(EVENTS, 20_000);
      // Give a duplicate the chance to show up.
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
    return smtp.countsByKey();
  } finally {
    if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
    await smtp.close();
  }
}

describe('killing the worker mid-delivery', () => {
  const target = testPostgresTarget();
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('on the embedded database: the restarted worker delivers the rest, each mail once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'easel-notify-crash-'));
    dirs.push(dir);
    const database = await openDatabase({ dataDir: dir });
    await seed(createStore(database.db));
    await database.close();

    // A long lease: the restart must not wait it out (the data folder is this process's alone).
    const counts = await crashAndRecover({ CHILD_PGLITE_DIR: dir, CHILD_LEASE_MS: '600000' });
    expect(counts.size).toBe(EVENTS);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);

    const reopened = await openDatabase({ dataDir: dir });
    expect(await createStore(reopened.db).notifications.countDeliveries()).toEqual({ pending: 0, sent: EVENTS, failed: 0 });
    await reopened.close();
  }, 90_000);

  if (target.url) {
    const url = target.url;
    it('on PostgreSQL: after the dead worker’s lease runs out, the rest is delivered, each mail once', async () => {
      const database = await openPostgresTestDatabase(url);
      try {
        await seed(createStore(database.db));
        const databaseUrl = database.url ?? url;
        const counts = await crashAndRecover({ CHILD_DATABASE_URL: databaseUrl, CHILD_LEASE_MS: '1500' });
        expect(counts.size).toBe(EVENTS);
        expect([...counts.values()].every((count) => count === 1)).toBe(true);
        expect(await createStore(database.db).notifications.countDeliveries()).toEqual({ pending: 0, sent: EVENTS, failed: 0 });
      } finally {
        await database.dispose();
      }
    }, 90_000);
  } else if (target.required) {
    it('has a PostgreSQL server to run on', () => {
      throw new Error('TEST_DATABASE_URL is not set: CI must run the crash test on PostgreSQL too.');
    });
  }
});
