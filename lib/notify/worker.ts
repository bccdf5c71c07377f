import type { Sealer } from '../crypto/seal';
import type { ChannelListener, ListenFn } from '../db/database';
import type { ClaimedDelivery, Store } from '../db/store';
import { OUTBOX_CHANNEL } from '../db/stores/notification-store';
import { log } from '../log';
import { retryDelayMs } from './backoff';
import { renderNotificationMail, type MailEvent } from './mail-content';
import type { Mailer } from './mailer';
import { webhookBodyOf } from './webhook-body';
import { sendWebhook } from './webhook-sender';
import type { TargetPolicy } from './webhook-target';

/**
 * Delivers the outbox. Each tick claims due deliveries (a lease, taken with
 * FOR UPDATE SKIP LOCKED, so several app instances never take the same row),
 * sends them, and records the outcome: sent, retry later with exponential
 * backoff, or failed for good. A worker that dies mid-delivery leaves its rows
 * leased; they are taken again when the lease runs out (or at once on the
 * embedded database, whose data folder only one process can open).
 *
 * At least once: a crash between the receiver's acceptance and the database
 * update sends that one message again, with the same idempotency key (the
 * mail's Message-ID and X-Easel-Idempotency-Key, the webhook-id), which
 * receivers use to drop the repeat.
 */
export interface WorkerOptions {
  /** Poll interval without a LISTEN connection (none given, or PostgreSQL's is down). */
  pollMs: number;
  /** Poll interval while listening: a fallback only, as each committed event wakes the worker. */
  listeningPollMs: number;
  batchSize: number;
  leaseMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  webhookTimeoutMs: number;
  /** Failed webhook attempts in a row that disable an endpoint. */
  webhookDisableAfter: number;
  /** How far ahead a link's expiry is announced. */
  expiringNoticeMs: number;
  expiringScanMs: number;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  pollMs: 500,
  listeningPollMs: 5_000,
  batchSize: 20,
  leaseMs: 120_000,
  maxAttempts: 8,
  retryBaseMs: 30_000,
  retryMaxMs: 3_600_000,
  webhookTimeoutMs: 10_000,
  webhookDisableAfter: 10,
  expiringNoticeMs: 24 * 3_600_000,
  expiringScanMs: 60_000,
};

export interface WorkerDeps {
  store: Store;
  /** Undefined when email is not configured: email deliveries fail with that reason. */
  mailer: Mailer | undefined;
  /** Artwork names for mail; may throw or omit ids (the mail then says "file <id>"). */
  fileNames: (fileIds: readonly string[]) => Promise<Map<string, string>>;
  /** The app's public origin, for links to feedback pages. */
  appUrl: string;
  /** Opens webhook secrets sealed at rest. */
  secrets: Sealer;
  targetPolicy: TargetPolicy;
  /**
   * True on the embedded database: its data folder is locked to this process,
   * so leases left by a crashed run are freed at start instead of waited out.
   */
  exclusiveDatabase?: boolean;
  /** LISTEN for the outbox's NOTIFY (OpenDatabase.listen): wakes the worker when an event commits. */
  listen?: ListenFn;
  /**
   * Periodic work that produces events (e.g. the comment scan): each runs beside
   * the delivery loop, never two of one at once, first one interval after start, its errors logged.
   */
  chores?: readonly Chore[];
  now?: () => Date;
  options?: Partial<WorkerOptions>;
}

export interface Chore {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

export interface NotificationWorker {
  start(): void;
  /** Stops claiming and waits for the deliveries in hand (bounded by the send timeouts). */
  stop(): Promise<void>;
  /** One pass: claims and delivers what is due; resolves with how many deliveries it handled. */
  runOnce(): Promise<number>;
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 300);

export const feedbackUrlOf = (appUrl: string, linkId: string): string => new URL(`/editor/links/${encodeURIComponent(linkId)}`, appUrl).toString();

export function createNotificationWorker(deps: WorkerDeps): NotificationWorker {
  const options = { ...DEFAULT_WORKER_OPTIONS, ...deps.options };
  const now = deps.now ?? (() => new Date());
  const outbox = deps.store.notifications;
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  /** Set by a wake-up that came while no sleep was waiting, so the next sleep is skipped. */
  let woken = false;
  let listener: ChannelListener | undefined;
  let lastExpiryScan = 0;
  const choreState = new Map<string, { lastRun: number; running?: Promise<void> }>();
  const runningChores = () => [...choreState.values()].flatMap((state) => (state.running ? [state.running] : []));

  function startDueChores(at: number): void {
    for (const chore of deps.chores ?? []) {
      // First run one interval after start: start-up stays light, and a scan then covers the downtime.
      const state = choreState.get(chore.name) ?? { lastRun: at };
      choreState.set(chore.name, state);
      if (state.running || at - state.lastRun < chore.everyMs) continue;
      state.lastRun = at;
      state.running = chore
        .run()
        .then(
          () => undefined,
          (error: unknown) => {
            log.error({ event: 'notify.chore_failed', chore: chore.name, error: describeError(error) }, 'periodic notification work failed');
          },
        )
        .finally(() => {
          state.running = undefined;
        });
    }
  }

  const signal = () => {
    woken = true;
    wake?.();
  };

  async function failed(deliveries: readonly ClaimedDelivery[], error: unknown): Promise<void> {
    const message = describeError(error);
    const attempts = Math.max(...deliveries.map((delivery) => delivery.attempts));
    const ids = deliveries.map((delivery) => delivery.id);
    if (attempts >= options.maxAttempts) {
      await outbox.markFailed(ids, message);
      log.warn({ event: 'notify.failed', ids, attempts, error: message }, 'notification delivery failed for good');
      return;
    }
    const nextAttemptAt = new Date(now().getTime() + retryDelayMs(attempts, options.retryBaseMs, options.retryMaxMs));
    await outbox.markRetry(ids, { nextAttemptAt, error: message });
    log.info({ event: 'notify.retry', ids, attempts, nextAttemptAt: nextAttemptAt.toISOString(), error: message }, 'notification delivery will be retried');
  }

  async function namesFor(deliveries: readonly ClaimedDelivery[]): Promise<Map<string, string>> {
    const ids = new Set<string>();
    for (const delivery of deliveries) {
      ids.add(delivery.link.fileId);
      if (typeof delivery.event.payload.fileId === 'string') ids.add(delivery.event.payload.fileId);
    }
    try {
      return await deps.fileNames([...ids]);
    } catch (error) {
      log.warn({ event: 'notify.file_names_failed', error: describeError(error) }, 'artwork names unavailable; mail names file ids');
      return new Map();
    }
  }

  /** One mail for one delivery, or for a digest batch (all of one editor and link). */
  async function deliverMail(batch: readonly ClaimedDelivery[], digest: boolean): Promise<void> {
    const first = batch[0];
    if (!first) return;
    if (!deps.mailer) return outbox.markFailed(batch.map((delivery) => delivery.id), 'email is not configured (set SMTP_URL and MAIL_FROM)');
    const events: MailEvent[] = [...batch]
      .sort((a, b) => a.event.createdAt.getTime() - b.event.createdAt.getTime() || a.event.id - b.event.id)
      .map((delivery) => ({ type: delivery.event.type, payload: delivery.event.payload, createdAt: delivery.event.createdAt }));
    const content = renderNotificationMail({
      events,
      fileNames: await namesFor(batch),
      linkFileId: first.link.fileId,
      linkLabel: first.link.label,
      feedbackUrl: feedbackUrlOf(deps.appUrl, first.link.id),
      digest,
    });
    const messageKey = digest ? (first.batchKey ?? first.idempotencyKey) : first.idempotencyKey;
    const started = Date.now();
    try {
      await deps.mailer.send({ to: first.editorEmail, ...content, messageKey });
    } catch (error) {
      return failed(batch, error);
    }
    await outbox.markSent(batch.map((delivery) => delivery.id), now());
    log.info({ event: 'notify.mail_sent', ids: batch.map((delivery) => delivery.id), digest, ms: Date.now() - started, via: deps.mailer.kind }, 'notification mail sent');
  }

  async function deliverWebhook(delivery: ClaimedDelivery): Promise<void> {
    const endpoint = delivery.endpointId ? await outbox.findEndpoint(delivery.endpointId) : undefined;
    if (!endpoint || endpoint.disabledAt) return outbox.markFailed([delivery.id], endpoint?.disabledReason ?? 'webhook removed');
    const secret = deps.secrets.open(endpoint.secretSealed, endpoint.id);
    if (!secret) return outbox.markFailed([delivery.id], 'the webhook secret can no longer be opened (SESSION_SECRET changed?); register the webhook again');
    const body = webhookBodyOf(delivery, await namesFor([delivery]), feedbackUrlOf(deps.appUrl, delivery.link.id), now());
    try {
      await sendWebhook({ url: endpoint.url, secret, messageId: delivery.idempotencyKey, body, timeoutMs: options.webhookTimeoutMs, policy: deps.targetPolicy }, now());
    } catch (error) {
      const { disabled } = await outbox.recordEndpointFailure(endpoint.id, { reason: describeError(error), disableAfter: options.webhookDisableAfter, at: now() });
      if (disabled) {
        log.warn({ event: 'notify.webhook_disabled', endpointId: endpoint.id, operator: endpoint.editorId === null }, 'webhook disabled after repeated failures');
        return;
      }
      return failed([delivery], error);
    }
    await outbox.recordEndpointSuccess(endpoint.id);
    await outbox.markSent([delivery.id], now());
  }

  async function deliver(delivery: ClaimedDelivery): Promise<void> {
    try {
      if (delivery.channel === 'email') await deliverMail([delivery], false);
      else await deliverWebhook(delivery);
    } catch (error) {
      // A database hiccup while recording: the lease runs out and the row is taken again.
      log.error({ event: 'notify.deliver_error', id: delivery.id, error: describeError(error) }, 'notification delivery errored');
    }
  }

  const inFlight = new Set<Promise<void>>();

  /**
   * Claims what is due, up to the free delivery slots, and starts sending it
   * without waiting: a receiver that hangs holds one slot until its timeout,
   * never the worker.
   */
  async function claimAndStart(): Promise<Array<Promise<void>>> {
    const at = now();
    if (running) startDueChores(at.getTime());
    if (at.getTime() - lastExpiryScan >= options.expiringScanMs) {
      lastExpiryScan = at.getTime();
      await outbox.emitExpiring({ now: at, horizon: new Date(at.getTime() + options.expiringNoticeMs) });
    }
    const free = options.batchSize - inFlight.size;
    if (free <= 0) return [];
    const leaseUntil = new Date(at.getTime() + options.leaseMs);
    const due = await outbox.claimDue({ now: at, leaseUntil, limit: free });
    const digests = await outbox.claimDueDigests({ now: at, leaseUntil, limit: free * 10 });
    const batches = new Map<string, ClaimedDelivery[]>();
    for (const delivery of digests) {
      const key = delivery.batchKey ?? delivery.idempotencyKey;
      batches.set(key, [...(batches.get(key) ?? []), delivery]);
    }
    const started = [
      ...due.map((delivery) => deliver(delivery)),
      ...[...batches.values()].map((batch) =>
        deliverMail(batch, true).catch((error: unknown) => {
          log.error({ event: 'notify.deliver_error', ids: batch.map((delivery) => delivery.id), error: describeError(error) }, 'digest delivery errored');
        }),
      ),
    ];
    for (const delivery of started) {
      inFlight.add(delivery);
      void delivery.finally(() => {
        inFlight.delete(delivery);
        signal();
      });
    }
    return started;
  }

  async function runOnce(): Promise<number> {
    const started = await claimAndStart();
    await Promise.all(started);
    return started.length;
  }

  async function run(): Promise<void> {
    if (deps.exclusiveDatabase) {
      const released = await outbox.releaseAllLeases().catch(() => 0);
      if (released > 0) log.info({ event: 'notify.leases_released', released }, 'deliveries left by a stopped run are taken again');
    }
    if (deps.listen) {
      try {
        listener = await deps.listen(OUTBOX_CHANNEL, signal);
      } catch (error) {
        log.warn({ event: 'notify.listen_failed', error: describeError(error) }, `cannot listen for new events; polling every ${options.pollMs} ms`);
      }
    }
    while (running) {
      woken = false;
      let started = 0;
      try {
        started = (await claimAndStart()).length;
      } catch (error) {
        log.error({ event: 'notify.tick_failed', error: describeError(error) }, 'notification worker pass failed');
      }
      if (!running) break;
      if (started > 0 && inFlight.size < options.batchSize) continue;
      if (woken) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, listener?.listening ? options.listeningPollMs : options.pollMs);
        timer.unref?.();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    await listener?.close();
    listener = undefined;
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      await Promise.all([...inFlight, ...runningChores()]);
      deps.mailer?.close();
    },
    runOnce,
  };
}
