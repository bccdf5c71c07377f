import { createSealer } from '@/lib/crypto/seal';
import type { Store } from '@/lib/db/store';
import { createSmtpMailer, type Mailer } from '@/lib/notify/mailer';
import { createNotificationWorker, type NotificationWorker, type WorkerDeps, type WorkerOptions } from '@/lib/notify/worker';

export const TEST_APP_URL = 'http://easel.test';
export const TEST_SECRET = 'test-session-secret-with-at-least-32-characters';
export const webhookSecrets = () => createSealer(TEST_SECRET, 'webhook-secret');

/** Artwork names as the Box file reader would give them. */
export const artworkNames = async (ids: readonly string[]) => new Map(ids.map((id) => [id, `Poster ${id}.png`]));

/** Fast retries for tests; everything else as in production. */
export const FAST: Partial<WorkerOptions> = { pollMs: 20, retryBaseMs: 20, retryMaxMs: 200, leaseMs: 30_000 };

export function testWorker(
  store: Store,
  mailer: Mailer | undefined,
  options: Partial<WorkerOptions> = {},
  allowPrivate = true,
  exclusiveDatabase = false,
  chores: WorkerDeps['chores'] = [],
): NotificationWorker {
  return createNotificationWorker({
    chores,
    exclusiveDatabase,
    store,
    mailer,
    fileNames: artworkNames,
    appUrl: TEST_APP_URL,
    secrets: webhookSecrets(),
    targetPolicy: { allowPrivate },
    options: { ...FAST, ...options },
  });
}

export const smtpMailer = (url: string) => createSmtpMailer(url, 'Easel <notify@easel.test>');

/** Runs passes until `done` holds (or fails after the timeout). */
export async function drain(worker: NotificationWorker, done: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('the worker did not finish in time');
    await worker.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
