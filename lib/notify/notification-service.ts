import 'server-only';
import { getFileReader } from '../box/files';
import { getEnv } from '../config/env';
import { getDatabaseListen, getStore } from '../db/get-store';
import { log } from '../log';
import { processSingleton } from '../process-singleton';
import { createSandboxOutboxMailer, createSmtpMailer, type Mailer } from './mailer';
import { appUrlOf, mailRouteOf, webhookPolicyOf, webhookSecrets } from './notify-config';
import { createNotificationWorker, type NotificationWorker } from './worker';

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
  });
  log.info({ event: 'notify.worker_started', mail: route, allowPrivateWebhooks: env.WEBHOOK_ALLOW_PRIVATE === '1' }, 'notification worker started');
  return worker;
}

/**
 * Starts this process's notification worker once (Next's instrumentation hook
 * calls it at server start). Every instance runs one; they share the outbox
 * safely. Stopped on SIGTERM/SIGINT; anything in hand then is taken again
 * after its lease.
 */
export function startNotificationWorker(): void {
  const env = getEnv();
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
