import { sql } from 'drizzle-orm';
import type { Database } from './database';
import { createAuditStore, type AuditStore } from './stores/audit-store';
import { createEditorStore, type EditorStore } from './stores/editor-store';
import { createLinkStore, type LinkStore } from './stores/link-store';
import { createLinkTokenStore, type LinkTokenStore } from './stores/link-token-store';
import { createReviewStore, type ReviewStore } from './stores/review-store';
import { createSessionStore, type SessionStore } from './stores/session-store';
import { createNotificationStore, type NotificationStore } from './stores/notification-store';

export interface Store {
  editors: EditorStore;
  links: LinkStore;
  audit: AuditStore;
  sessions: SessionStore;
  /** Tokens minted per share link (sealed), for revocation. */
  linkTokens: LinkTokenStore;
  reviews: ReviewStore;
  /** Throws unless the database answers a trivial query. */
  ping(): Promise<void>;
  /** The notification outbox, webhook endpoints and email settings. */
  notifications: NotificationStore;
  /** Runs `work` in one database transaction: all of its writes land, or none. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T>;
}

export interface StoreOptions {
  /** How long digest mail collects events (NOTIFY_DIGEST_SECONDS). */
  digestWindowMs?: number;
}

export function createStore(db: Database, options: StoreOptions = {}): Store {
  return {
    editors: createEditorStore(db),
    links: createLinkStore(db),
    audit: createAuditStore(db),
    sessions: createSessionStore(db),
    linkTokens: createLinkTokenStore(db),
    reviews: createReviewStore(db),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    notifications: createNotificationStore(db, options),
    transaction: (work) => db.transaction((tx) => work(createStore(tx as unknown as Database, options))),
  };
}

export type { AuditDetail } from './schema';
export type { AuditEventRecord, AuditEventType } from './stores/audit-store';
export type { EditorRecord } from './stores/editor-store';
export type { EditorSessionRecord } from './stores/session-store';
export type { LinkTokenRow } from './stores/link-token-store';
export type { CommentVisibility, LinkRole, NewShareLink, ShareLinkChanges, ShareLinkRecord, ShareLinkWithViews } from './stores/link-store';
export type { Decision, DecisionRecord, ReviewerRecord } from './stores/review-store';
export type {
  ClaimedDelivery,
  DeliveryView,
  EmailMode,
  NewNotificationEvent,
  NotificationEventType,
  SandboxMailRecord,
  WebhookEndpointRecord,
} from './stores/notification-store';
