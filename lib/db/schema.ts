import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/** The roles a share link may give (the editor role is for signed-in editors only). */
export const LINK_ROLES = ['viewer', 'annotator'] as const;

/** Whether a link's reviewers see each other's comments or only their own. */
export const COMMENT_VISIBILITIES = ['view_all', 'view_self'] as const;

/** `'a', 'b'` for a CHECK constraint over one of the enums above. */
const sqlList = (values: readonly string[]) => sql.raw(values.map((value) => `'${value}'`).join(', '));

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const editors = pgTable('editors', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stored lower-cased so the unique index is case-insensitive in practice. */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: createdAt(),
});

/**
 * Signed-in editor sessions. The cookie carries a random id sealed by
 * iron-session; only its SHA-256 is stored, so the table can't be replayed.
 * Deleting a row (sign-out, password change, removal) ends every copy of
 * that cookie at once.
 */
export const editorSessions = pgTable(
  'editor_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    editorId: uuid('editor_id')
      .notNull()
      .references(() => editors.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Absolute end, whatever the activity. */
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [index('editor_sessions_editor_idx').on(table.editorId), index('editor_sessions_expires_idx').on(table.expiresAt)],
);

export const shareLinks = pgTable(
  'share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    fileId: text('file_id').notNull(),
    role: text('role', { enum: LINK_ROLES }).notNull(),
    allowDownload: boolean('allow_download').notNull().default(false),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    passwordHash: text('password_hash'),
    label: text('label'),
    /** Reviewers give an email address besides their name before commenting. */
    requireEmail: boolean('require_email').notNull().default(false),
    /** Whether a link's reviewers see each other's comments (annotation_view_all) or only their own (annotation_view_self). */
    commentVisibility: text('comment_visibility', { enum: COMMENT_VISIBILITIES }).notNull().default('view_all'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => editors.id),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    check('share_links_role_check', sql`${table.role} in (${sqlList(LINK_ROLES)})`),
    check('share_links_comment_visibility_check', sql`${table.commentVisibility} in (${sqlList(COMMENT_VISIBILITIES)})`),
    index('share_links_file_id_idx').on(table.fileId),
  ],
);

export const linkViews = pgTable(
  'link_views',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id),
    viewedAt: timestamp('viewed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** A keyed hash of the client (address and user agent): never the raw address. */
    clientHash: text('client_hash').notNull(),
  },
  (table) => [index('link_views_link_viewed_idx').on(table.linkId, table.viewedAt)],
);

export type AuditDetail = Record<string, string | number | boolean | null>;

/**
 * Tokens minted for a share link, so revoking the link can revoke them at Box
 * after a restart and from any instance. The token itself is sealed
 * (AES-256-GCM, lib/crypto/seal.ts); rows past their expiry are pruned.
 */
export const linkTokens = pgTable(
  'link_tokens',
  {
    /** SHA-256 of the token (base64url). */
    tokenHash: text('token_hash').primaryKey(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id, { onDelete: 'cascade' }),
    sealedToken: text('sealed_token').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('link_tokens_link_idx').on(table.linkId), index('link_tokens_expires_idx').on(table.expiresAt)],
);

export const AUDIT_EVENT_TYPES = ['created', 'updated', 'viewed', 'unlocked', 'wrong_password', 'revoked'] as const;

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id),
    type: text('type', { enum: AUDIT_EVENT_TYPES }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** `editor:<email>` or `visitor:<client hash>`. */
    actor: text('actor').notNull(),
    detail: jsonb('detail').$type<AuditDetail>(),
  },
  (table) => [
    check('audit_events_type_check', sql`${table.type} in (${sqlList(AUDIT_EVENT_TYPES)})`),
    index('audit_events_at_idx').on(table.at),
    index('audit_events_link_idx').on(table.linkId, table.at),
  ],
);

/** The files of a link, in the editor's order (a single-file link has one row; `share_links.file_id` is the first). */
export const linkFiles = pgTable(
  'link_files',
  {
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id),
    position: integer('position').notNull(),
    fileId: text('file_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.linkId, table.position] }), unique('link_files_link_file_unique').on(table.linkId, table.fileId)],
);

/** A named guest on one link. Its id is the `sub` of the annotator token, so Box ties their annotations to it. */
export const reviewers = pgTable(
  'reviewers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id),
    name: text('name').notNull(),
    email: text('email'),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('reviewers_link_idx').on(table.linkId)],
);

export const DECISIONS = ['approved', 'changes_requested'] as const;

/** A reviewer's current decision on one file of a link (changing it replaces it). */
export const reviewDecisions = pgTable(
  'review_decisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => reviewers.id),
    fileId: text('file_id').notNull(),
    decision: text('decision', { enum: DECISIONS }).notNull(),
    note: text('note'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    unique('review_decisions_reviewer_file_unique').on(table.reviewerId, table.fileId),
    check('review_decisions_decision_check', sql`${table.decision} in (${sqlList(DECISIONS)})`),
    index('review_decisions_link_idx').on(table.linkId, table.decidedAt),
  ],
);

// Notifications (lib/notify): an outbox of events, written in the transaction of their cause,
// and one delivery row per channel and target, which the worker claims with FOR UPDATE SKIP LOCKED.

export const NOTIFICATION_EVENT_TYPES = ['link.viewed', 'comment.created', 'decision.made', 'link.expiring'] as const;
export const EMAIL_MODES = ['every', 'digest', 'off'] as const;
export const DELIVERY_CHANNELS = ['email', 'webhook'] as const;
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;

export type NotificationPayload = Record<string, string | number | boolean | null>;

export const notificationEvents = pgTable(
  'notification_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text('type', { enum: NOTIFICATION_EVENT_TYPES }).notNull(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id),
    /** What makes the event unique (a Box comment id, a link's expiry): a second emit is a no-op. */
    dedupeKey: text('dedupe_key').notNull().unique(),
    payload: jsonb('payload').$type<NotificationPayload>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    check('notification_events_type_check', sql`${table.type} in (${sqlList(NOTIFICATION_EVENT_TYPES)})`),
    index('notification_events_link_idx').on(table.linkId, table.createdAt),
  ],
);

/** An editor's email choice for one of their links (no row: digest). */
export const linkNotificationSettings = pgTable(
  'link_notification_settings',
  {
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id),
    editorId: uuid('editor_id')
      .notNull()
      .references(() => editors.id),
    emailMode: text('email_mode', { enum: EMAIL_MODES }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.linkId, table.editorId] }),
    check('link_notification_settings_mode_check', sql`${table.emailMode} in (${sqlList(EMAIL_MODES)})`),
  ],
);

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The editor whose links it hears; null: the operator's endpoint (NOTIFY_WEBHOOK_URL), which hears every link. */
    editorId: uuid('editor_id').references(() => editors.id),
    url: text('url').notNull(),
    /** The signing secret, sealed (AES-256-GCM, bound to the endpoint id). */
    secretSealed: text('secret_sealed').notNull(),
    createdAt: createdAt(),
    /** Failed attempts in a row; reset by a success. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    disabledReason: text('disabled_reason'),
  },
  (table) => [index('webhook_endpoints_editor_idx').on(table.editorId)],
);

export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => notificationEvents.id),
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id),
    editorId: uuid('editor_id')
      .notNull()
      .references(() => editors.id),
    channel: text('channel', { enum: DELIVERY_CHANNELS }).notNull(),
    endpointId: uuid('endpoint_id').references(() => webhookEndpoints.id),
    /** Email only: sent on its own, or with others in the editor's digest for the link. */
    digest: boolean('digest').notNull().default(false),
    /** Stable across retries: the mail's Message-ID / the webhook-id, so receivers can drop repeats. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    /** Digest deliveries sent together share one key (set when first claimed together). */
    batchKey: text('batch_key'),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** A worker holds the row until then; a crashed worker's rows are taken again after it. */
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [
    check('notification_deliveries_channel_check', sql`${table.channel} in (${sqlList(DELIVERY_CHANNELS)})`),
    check('notification_deliveries_status_check', sql`${table.status} in (${sqlList(DELIVERY_STATUSES)})`),
    index('notification_deliveries_due_idx').on(table.status, table.nextAttemptAt),
    index('notification_deliveries_link_idx').on(table.linkId, table.createdAt),
  ],
);

/** Sandbox mode without SMTP_URL: mail lands here and is shown at /editor/outbox. */
export const sandboxMail = pgTable('sandbox_mail', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  /** The mail's idempotency key: storing one twice is a no-op. */
  messageKey: text('message_key').notNull().unique(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html').notNull(),
  createdAt: createdAt(),
});
