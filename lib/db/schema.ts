import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The roles a share link may give (the editor role is for signed-in editors only). */
export const LINK_ROLES = ['viewer', 'annotator'] as const;

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
    createdBy: uuid('created_by')
      .notNull()
      .references(() => editors.id),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    check('share_links_role_check', sql`${table.role} in (${sqlList(LINK_ROLES)})`),
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
