import 'server-only';
import { getFileReader } from '../box/files';
import { getEnv } from '../config/env';
import { getDatabaseListen, getStore } from '../db/get-store';
import type { Store } from '../db/store';
import { log } from '../log';
import { processSingleton } from '../process-singleton';
import { createSandboxOutboxMailer, createSmtpMailer, type Mailer } from './mailer';
import { appUrlOf, mailRouteOf, webhookPolicyOf, webhookSecrets } from './notify-config';
import { reconcileOperatorWebhook } from './operator-webhook';
import { getFleetRedis } from '../fleet/redis';
import { tryLock } from '../fleet/lock';
import { getAnnotationReader } from '../reviews/annotation-reader';
import { scanRecentComments } from '../reviews/comment-scan';
import { createNotificationWorker, type Chore, type NotificationWorker } from './worker';

async function artworkNames(fileIds: readonly string[]): Promise<Map<string, string>> {
  const reader = getFileReader();
  const names = new Map<string, string>();
  await Promise.all(
    fileIds.map(async (fileId) => {
      const file = await reader.getFile(fileId).catch(() => undefined);
      if (file?.name) names.set(fileId, file.name);
    }),
  );
  return names;
}

/**
 * The comment backstop as a worker chore. With Redis, one instance per
 * interval takes it (the lock is left to expire: it marks "scanned"); with
 * Redis down, each instance scans on its own.
 */
function commentScanChore(store: Store, everyMs: number): Chore {
  return {
    name: 'comment-scan',
    everyMs,
    async run() {
      const fleet = getFleetRedis();
      const client = await fleet?.ready();
      if (fleet && client) {
        const ours = await tryLock(client, `${fleet.prefix}chore:comment-scan`, Math.max(1_000, everyMs - 1_000)).then(
          (owner) => owner !== undefined,
          () => true, // Redis failed mid-way: scan here rather than not at all
        );
        if (!ours) return;
      }
      const result = await scanRecentComments(store, getAnnotationReader());
      if (result.recorded > 0 || result.unreadable > 0) log.info({ event: 'notify.comment_scan', ...result }, 'comment scan recorded comments the browsers did not report');
    },
  };
}

async function createProcessWorker(): Promise<NotificationWorker> {
  const env = getEnv();
  const store = await getStore();
  const route = mailRouteOf(env);
  let mailer: Mailer | undefined;
  if (route === 'smtp' && env.SMTP_URL && env.MAIL_FROM) mailer = createSmtpMailer(env.SMTP_URL, env.MAIL_FROM);
  else if (route === 'sandbox-outbox') mailer = createSandboxOutboxMailer(store.notifications);
  const worker = createNotificationWorker({
    store,
    mailer,
    fileNames: artworkNames,
    appUrl: appUrlOf(env),
    secrets: webhookSecrets(env),
    targetPolicy: webhookPolicyOf(env),
    exclusiveDatabase: !env.DATABASE_URL,
    listen: await getDatabaseListen(),
    chores: env.NOTIFY_COMMENT_SCAN_SECONDS > 0 ? [commentScanChore(store, env.NOTIFY_COMMENT_SCAN_SECONDS * 1000)] : [],
  });
  log.info({ event: 'notify.worker_started', mail: route, allowPrivateWebhooks: env.WEBHOOK_ALLOW_PRIVATE === '1' }, 'notification worker started');
  return worker;
}

/**
 * Writes NOTIFY_WEBHOOK_URL / NOTIFY_WEBHOOK_SECRET into the outbox's endpoints
 * once per process at start, on every instance (a web-only one too: it emits).
 */
function applyOperatorWebhook(): void {
  void processSingleton('notify.operator_webhook', async () => {
    const env = getEnv();
    try {
      await reconcileOperatorWebhook(await getStore(), { url: env.NOTIFY_WEBHOOK_URL, secret: env.NOTIFY_WEBHOOK_SECRET }, { secrets: () => webhookSecrets(env), policy: webhookPolicyOf(env) });
    } catch (error) {
      log.error({ event: 'notify.operator_webhook_failed', error: error instanceof Error ? error.message : String(error) }, 'could not apply NOTIFY_WEBHOOK_URL');
    }
  });
}

/**
 * Starts this process's notification worker once (Next's instrumentation hook
 * calls it at server start). Every instance runs one; they share the outbox
 * safely. Stopped on SIGTERM/SIGINT; anything in hand then is taken again
 * after its lease.
 */
export function startNotificationWorker(): void {
  const env = getEnv();
  applyOperatorWebhook();
  if (env.NOTIFY_WORKER === '0') return;
  void processSingleton('notify.worker', () => {
    const started = createProcessWorker().then((worker) => {
      worker.start();
      const stop = () => void worker.stop();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return worker;
    });
    started.catch((error: unknown) => {
      log.error({ event: 'notify.worker_failed', error: error instanceof Error ? error.message : String(error) }, 'notification worker could not start');
    });
    return started;
  });
}
