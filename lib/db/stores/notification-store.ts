import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, lte, or, sql, type InferSelectModel } from 'drizzle-orm';
import type { Database } from '../database';
import {
  EMAIL_MODES,
  NOTIFICATION_EVENT_TYPES,
  editors,
  linkNotificationSettings,
  notificationDeliveries,
  notificationEvents,
  sandboxMail,
  shareLinks,
  webhookEndpoints,
  type NotificationPayload,
} from '../schema';

export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];
export type EmailMode = (typeof EMAIL_MODES)[number];
export type DeliveryRecord = InferSelectModel<typeof notificationDeliveries>;
export type WebhookEndpointRecord = InferSelectModel<typeof webhookEndpoints>;
export type SandboxMailRecord = InferSelectModel<typeof sandboxMail>;

/** The email choice when an editor has not picked one for a link. */
export const DEFAULT_EMAIL_MODE: EmailMode = 'digest';

export interface NewNotificationEvent {
  type: NotificationEventType;
  linkId: string;
  /** Unique per real-world happening: emitting the same key again is a no-op. */
  dedupeKey: string;
  payload: NotificationPayload;
  at?: Date;
}

/** A claimed delivery with what a sender needs to know about its event. */
export interface ClaimedDelivery extends DeliveryRecord {
  event: { id: number; type: NotificationEventType; payload: NotificationPayload; createdAt: Date };
  link: { id: string; fileId: string; label: string | null; expiresAt: Date | null };
  editorEmail: string;
}

export interface DeliveryView {
  id: number;
  linkId: string;
  channel: 'email' | 'webhook';
  eventType: NotificationEventType;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  digest: boolean;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  createdAt: Date;
  endpointUrl: string | null;
}

export interface NotificationStore {
  /**
   * Writes an event and its deliveries (the link owner's email per their
   * setting, each of their live webhooks). Call it on the store of the
   * transaction that makes the change, so both land or neither does.
   * Returns false when an event with the same dedupe key exists.
   */
  emit(event: NewNotificationEvent): Promise<boolean>;
  /** Due email-on-its-own and webhook deliveries, leased to the caller until `leaseUntil`. */
  claimDue(input: { now: Date; leaseUntil: Date; limit: number }): Promise<ClaimedDelivery[]>;
  /** Due digest deliveries, leased; each carries a batch key shared by the deliveries to send as one mail. */
  claimDueDigests(input: { now: Date; leaseUntil: Date; limit: number }): Promise<ClaimedDelivery[]>;
  markSent(ids: readonly number[], at: Date): Promise<void>;
  markRetry(ids: readonly number[], input: { nextAttemptAt: Date; error: string }): Promise<void>;
  markFailed(ids: readonly number[], error: string): Promise<void>;
  /** Frees every lease (PGlite only: its data-dir lock means no other worker holds one). */
  releaseAllLeases(): Promise<number>;
  /** Writes a `link.expiring` event for every live link expiring before `horizon` that has none yet. */
  emitExpiring(input: { now: Date; horizon: Date }): Promise<number>;

  /** Of `linkIds`, those the editor created (whose notifications are theirs). */
  ownedLinkIds(editorId: string, linkIds: readonly string[]): Promise<Set<string>>;
  emailModeOf(linkId: string, editorId: string): Promise<EmailMode>;
  setEmailMode(linkId: string, editorId: string, mode: EmailMode): Promise<void>;
  emailModesOf(editorId: string, linkIds: readonly string[]): Promise<Map<string, EmailMode>>;

  createEndpoint(input: { id: string; editorId: string; url: string; secretSealed: string }): Promise<WebhookEndpointRecord>;
  /**
   * Writes the operator's endpoint (no editor: it hears every link) under its
   * fixed id, live and with no failures counted; returns the row as it was.
   */
  putOperatorEndpoint(input: { id: string; url: string; secretSealed: string }): Promise<WebhookEndpointRecord | undefined>;
  /** Disables an endpoint with the reason (pending deliveries to it then fail with it). */
  disableEndpoint(id: string, reason: string, at: Date): Promise<void>;
  endpointsOf(editorId: string): Promise<WebhookEndpointRecord[]>;
  findEndpoint(id: string): Promise<WebhookEndpointRecord | undefined>;
  deleteEndpoint(id: string, editorId: string): Promise<boolean>;
  enableEndpoint(id: string, editorId: string): Promise<boolean>;
  /** Counts a failed attempt; disables the endpoint (with the reason) once `disableAfter` fail in a row. */
  recordEndpointFailure(id: string, input: { reason: string; disableAfter: number; at: Date }): Promise<{ disabled: boolean }>;
  recordEndpointSuccess(id: string): Promise<void>;

  /** The newest deliveries of each link (at most `perLink`). */
  recentDeliveries(linkIds: readonly string[], perLink: number): Promise<Map<string, DeliveryView[]>>;
  /** Counts by status (tests, health). */
  countDeliveries(): Promise<Record<'pending' | 'sent' | 'failed', number>>;

  storeSandboxMail(mail: Omit<SandboxMailRecord, 'id' | 'createdAt'>): Promise<void>;
  listSandboxMail(limit: number): Promise<SandboxMailRecord[]>;
}

const d = notificationDeliveries;

/**
 * The channel `emit` NOTIFYs when it writes deliveries. A notification raised
 * inside a transaction is delivered only when that transaction commits (and not
 * at all if it rolls back), to every listening instance: workers wake at once
 * instead of at their next poll.
 */
export const OUTBOX_CHANNEL = 'easel_outbox';

/** The first instant at or after `at` that is a multiple of `windowMs` since the epoch. */
export function digestDueAt(at: Date, windowMs: number): Date {
  return new Date(Math.ceil(at.getTime() / windowMs) * windowMs);
}

/**
 * The event row and its deliveries, written together (emit runs it in a
 * transaction, a savepoint when the caller's is open): an event without its
 * deliveries would hold its dedupe key and block every retry.
 */
async function writeEvent(db: Database, { type, linkId, dedupeKey, payload, at = new Date() }: NewNotificationEvent, digestWindowMs: number): Promise<boolean> {
  const inserted = await db
    .insert(notificationEvents)
    .values({ type, linkId, dedupeKey, payload, createdAt: at })
    .onConflictDoNothing({ target: notificationEvents.dedupeKey })
    .returning({ id: notificationEvents.id });
  const event = inserted[0];
  if (!event) return false;
  const linkRows = await db.select({ editorId: shareLinks.createdBy }).from(shareLinks).where(eq(shareLinks.id, linkId)).limit(1);
  const editorId = linkRows[0]?.editorId;
  if (!editorId) return true;
  const modeRows = await db
    .select({ mode: linkNotificationSettings.emailMode })
    .from(linkNotificationSettings)
    .where(and(eq(linkNotificationSettings.linkId, linkId), eq(linkNotificationSettings.editorId, editorId)))
    .limit(1);
  const mode = modeRows[0]?.mode ?? DEFAULT_EMAIL_MODE;
  // The owner's live webhooks and the operator's (no editor), if live.
  const endpoints = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(or(eq(webhookEndpoints.editorId, editorId), isNull(webhookEndpoints.editorId)), isNull(webhookEndpoints.disabledAt)));
  const deliveries: Array<typeof d.$inferInsert> = [];
  if (mode !== 'off') {
    deliveries.push({
      eventId: event.id,
      linkId,
      editorId,
      channel: 'email',
      digest: mode === 'digest',
      idempotencyKey: `evt${event.id}.email.${editorId}`,
      nextAttemptAt: mode === 'digest' ? digestDueAt(at, digestWindowMs) : at,
      createdAt: at,
    });
  }
  for (const endpoint of endpoints) {
    deliveries.push({
      eventId: event.id,
      linkId,
      editorId,
      channel: 'webhook',
      endpointId: endpoint.id,
      idempotencyKey: `evt${event.id}.webhook.${endpoint.id}`,
      nextAttemptAt: at,
      createdAt: at,
    });
  }
  if (deliveries.length > 0) await db.insert(d).values(deliveries);
  // Digest mail waits for its window anyway; anything due now wakes the workers.
  if (deliveries.some((delivery) => !delivery.digest)) await db.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return true;
}

export function createNotificationStore(db: Database, options: { digestWindowMs?: number } = {}): NotificationStore {
  const digestWindowMs = options.digestWindowMs ?? 3_600_000;

  async function loadClaimed(rows: DeliveryRecord[]): Promise<ClaimedDelivery[]> {
    if (rows.length === 0) return [];
    const details = await db
      .select({ deliveryId: d.id, event: notificationEvents, link: shareLinks, editorEmail: editors.email })
      .from(d)
      .innerJoin(notificationEvents, eq(notificationEvents.id, d.eventId))
      .innerJoin(shareLinks, eq(shareLinks.id, d.linkId))
      .innerJoin(editors, eq(editors.id, d.editorId))
      .where(inArray(d.id, rows.map((row) => row.id)));
    const byId = new Map(details.map((detail) => [detail.deliveryId, detail]));
    return rows.flatMap((row) => {
      const detail = byId.get(row.id);
      if (!detail) return [];
      const { event, link } = detail;
      return [
        {
          ...row,
          event: { id: event.id, type: event.type, payload: event.payload, createdAt: event.createdAt },
          link: { id: link.id, fileId: link.fileId, label: link.label, expiresAt: link.expiresAt },
          editorEmail: detail.editorEmail,
        },
      ];
    });
  }

  async function claim(digest: boolean, { now, leaseUntil, limit }: { now: Date; leaseUntil: Date; limit: number }): Promise<DeliveryRecord[]> {
    // SKIP LOCKED: several workers (instances) claim disjoint rows without waiting on each other.
    const due = db
      .select({ id: d.id })
      .from(d)
      .where(and(eq(d.status, 'pending'), eq(d.digest, digest), lte(d.nextAttemptAt, now), or(isNull(d.leaseUntil), lt(d.leaseUntil, now))))
      .orderBy(asc(d.nextAttemptAt), asc(d.id))
      .limit(limit)
      .for('update', { skipLocked: true });
    return db
      .update(d)
      .set({ leaseUntil, attempts: sql`${d.attempts} + 1` })
      .where(inArray(d.id, due))
      .returning();
  }

  return {
    emit(event) {
      return db.transaction((tx) => writeEvent(tx as unknown as Database, event, digestWindowMs));
    },

    async claimDue(input) {
      return loadClaimed(await claim(false, input));
    },

    async claimDueDigests(input) {
      const rows = await claim(true, input);
      // Deliveries of one editor and link go out as one mail; retries keep their first grouping.
      const fresh = new Map<string, DeliveryRecord[]>();
      for (const row of rows) {
        if (row.batchKey) continue;
        const group = `${row.editorId}:${row.linkId}`;
        fresh.set(group, [...(fresh.get(group) ?? []), row]);
      }
      for (const group of fresh.values()) {
        const batchKey = `digest${Math.min(...group.map((row) => row.id))}.${group[0]?.editorId}`;
        const ids = group.map((row) => row.id);
        await db.update(d).set({ batchKey }).where(inArray(d.id, ids));
        for (const row of group) row.batchKey = batchKey;
      }
      return loadClaimed(rows);
    },

    async markSent(ids, at) {
      if (ids.length === 0) return;
      await db.update(d).set({ status: 'sent', sentAt: at, leaseUntil: null, lastError: null }).where(inArray(d.id, [...ids]));
    },

    async markRetry(ids, { nextAttemptAt, error }) {
      if (ids.length === 0) return;
      await db.update(d).set({ nextAttemptAt, leaseUntil: null, lastError: error }).where(inArray(d.id, [...ids]));
    },

    async markFailed(ids, error) {
      if (ids.length === 0) return;
      await db.update(d).set({ status: 'failed', leaseUntil: null, lastError: error }).where(inArray(d.id, [...ids]));
    },

    async releaseAllLeases() {
      const rows = await db.update(d).set({ leaseUntil: null }).where(and(eq(d.status, 'pending'), isNotNull(d.leaseUntil))).returning({ id: d.id });
      return rows.length;
    },

    async emitExpiring({ now, horizon }) {
      const links = await db
        .select({ id: shareLinks.id, expiresAt: shareLinks.expiresAt })
        .from(shareLinks)
        .where(and(isNull(shareLinks.revokedAt), gt(shareLinks.expiresAt, now), lte(shareLinks.expiresAt, horizon)));
      let emitted = 0;
      for (const link of links) {
        if (!link.expiresAt) continue;
        const expiresAt = link.expiresAt.toISOString();
        // Keyed by the expiry, so a link whose expiry is moved warns again for the new one.
        if (await this.emit({ type: 'link.expiring', linkId: link.id, dedupeKey: `expiring:${link.id}:${expiresAt}`, payload: { expiresAt }, at: now })) emitted += 1;
      }
      return emitted;
    },

    async ownedLinkIds(editorId, linkIds) {
      if (linkIds.length === 0) return new Set();
      const rows = await db
        .select({ id: shareLinks.id })
        .from(shareLinks)
        .where(and(eq(shareLinks.createdBy, editorId), inArray(shareLinks.id, [...linkIds])));
      return new Set(rows.map((row) => row.id));
    },

    async emailModeOf(linkId, editorId) {
      const rows = await db
        .select({ mode: linkNotificationSettings.emailMode })
        .from(linkNotificationSettings)
        .where(and(eq(linkNotificationSettings.linkId, linkId), eq(linkNotificationSettings.editorId, editorId)))
        .limit(1);
      return rows[0]?.mode ?? DEFAULT_EMAIL_MODE;
    },

    async setEmailMode(linkId, editorId, mode) {
      await db
        .insert(linkNotificationSettings)
        .values({ linkId, editorId, emailMode: mode })
        .onConflictDoUpdate({ target: [linkNotificationSettings.linkId, linkNotificationSettings.editorId], set: { emailMode: mode } });
    },

    async emailModesOf(editorId, linkIds) {
      const modes = new Map<string, EmailMode>();
      if (linkIds.length === 0) return modes;
      const rows = await db
        .select()
        .from(linkNotificationSettings)
        .where(and(eq(linkNotificationSettings.editorId, editorId), inArray(linkNotificationSettings.linkId, [...linkIds])));
      for (const row of rows) modes.set(row.linkId, row.emailMode);
      return modes;
    },

    async createEndpoint(input) {
      const rows = await db.insert(webhookEndpoints).values(input).returning();
      const row = rows[0];
      if (!row) throw new Error('insert into webhook_endpoints returned no row');
      return row;
    },

    async putOperatorEndpoint({ id, url, secretSealed }) {
      const before = await this.findEndpoint(id);
      const live = { url, secretSealed, editorId: null, consecutiveFailures: 0, disabledAt: null, disabledReason: null };
      await db
        .insert(webhookEndpoints)
        .values({ id, ...live })
        .onConflictDoUpdate({ target: webhookEndpoints.id, set: live });
      return before;
    },

    async disableEndpoint(id, reason, at) {
      await db.update(webhookEndpoints).set({ disabledAt: at, disabledReason: reason }).where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.disabledAt)));
    },

    async endpointsOf(editorId) {
      return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.editorId, editorId)).orderBy(asc(webhookEndpoints.createdAt));
    },

    async findEndpoint(id) {
      const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1);
      return rows[0];
    },

    async deleteEndpoint(id, editorId) {
      // Deliveries keep their history; pending ones to this endpoint are dropped as failed.
      const owned = await db
        .update(webhookEndpoints)
        .set({ disabledAt: new Date(), disabledReason: 'removed by the editor' })
        .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.editorId, editorId)))
        .returning({ id: webhookEndpoints.id });
      if (owned.length === 0) return false;
      await db.update(d).set({ status: 'failed', lastError: 'webhook removed', leaseUntil: null }).where(and(eq(d.endpointId, id), eq(d.status, 'pending')));
      return true;
    },

    async enableEndpoint(id, editorId) {
      const rows = await db
        .update(webhookEndpoints)
        .set({ disabledAt: null, disabledReason: null, consecutiveFailures: 0 })
        .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.editorId, editorId), sql`${webhookEndpoints.disabledReason} is distinct from 'removed by the editor'`))
        .returning({ id: webhookEndpoints.id });
      return rows.length > 0;
    },

    async recordEndpointFailure(id, { reason, disableAfter, at }) {
      const rows = await db
        .update(webhookEndpoints)
        .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
        .where(eq(webhookEndpoints.id, id))
        .returning({ failures: webhookEndpoints.consecutiveFailures, disabledAt: webhookEndpoints.disabledAt });
      const row = rows[0];
      if (!row || row.disabledAt || row.failures < disableAfter) return { disabled: false };
      const disabledReason = `Disabled after ${row.failures} failed attempts in a row; last: ${reason}`;
      await db.update(webhookEndpoints).set({ disabledAt: at, disabledReason }).where(eq(webhookEndpoints.id, id));
      await db
        .update(d)
        .set({ status: 'failed', lastError: 'webhook disabled after repeated failures', leaseUntil: null })
        .where(and(eq(d.endpointId, id), eq(d.status, 'pending')));
      return { disabled: true };
    },

    async recordEndpointSuccess(id) {
      await db.update(webhookEndpoints).set({ consecutiveFailures: 0 }).where(eq(webhookEndpoints.id, id));
    },

    async recentDeliveries(linkIds, perLink) {
      const result = new Map<string, DeliveryView[]>();
      if (linkIds.length === 0) return result;
      const ranked = db
        .select({
          id: d.id,
          linkId: d.linkId,
          channel: d.channel,
          eventType: notificationEvents.type,
          status: d.status,
          attempts: d.attempts,
          digest: d.digest,
          lastError: d.lastError,
          nextAttemptAt: d.nextAttemptAt,
          sentAt: d.sentAt,
          createdAt: d.createdAt,
          endpointUrl: webhookEndpoints.url,
          rank: sql<number>`row_number() over (partition by ${d.linkId} order by ${d.createdAt} desc, ${d.id} desc)`.as('rank'),
        })
        .from(d)
        .innerJoin(notificationEvents, eq(notificationEvents.id, d.eventId))
        .leftJoin(webhookEndpoints, eq(webhookEndpoints.id, d.endpointId))
        // The operator's endpoint is not the editor's to see.
        .where(and(inArray(d.linkId, [...linkIds]), or(isNull(d.endpointId), isNotNull(webhookEndpoints.editorId))))
        .as('ranked');
      const rows = await db.select().from(ranked).where(lte(ranked.rank, perLink)).orderBy(desc(ranked.createdAt), desc(ranked.id));
      for (const { rank: _rank, ...row } of rows) {
        const view: DeliveryView = { ...row, createdAt: new Date(row.createdAt), nextAttemptAt: new Date(row.nextAttemptAt), sentAt: row.sentAt ? new Date(row.sentAt) : null };
        result.set(row.linkId, [...(result.get(row.linkId) ?? []), view]);
      }
      return result;
    },

    async countDeliveries() {
      const rows = await db.select({ status: d.status, count: sql<number>`count(*)` }).from(d).groupBy(d.status);
      const counts = { pending: 0, sent: 0, failed: 0 };
      for (const row of rows) counts[row.status] = Number(row.count);
      return counts;
    },

    async storeSandboxMail(mail) {
      await db.insert(sandboxMail).values(mail).onConflictDoNothing({ target: sandboxMail.messageKey });
    },

    async listSandboxMail(limit) {
      return db.select().from(sandboxMail).orderBy(desc(sandboxMail.createdAt), desc(sandboxMail.id)).limit(limit);
    },
  };
}
