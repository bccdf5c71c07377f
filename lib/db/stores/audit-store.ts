import { desc, eq, type InferSelectModel } from 'drizzle-orm';
import type { Database } from '../database';
import { AUDIT_EVENT_TYPES, auditEvents, shareLinks, type AuditDetail } from '../schema';

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export type AuditEventRecord = InferSelectModel<typeof auditEvents> & {
  /** Of the link, for display. */
  fileId: string;
  label: string | null;
};

export interface AuditStore {
  record(event: { linkId: string; type: AuditEventType; actor: string; detail?: AuditDetail; at?: Date }): Promise<void>;
  /** Newest first. */
  list(options?: { limit?: number; linkId?: string }): Promise<AuditEventRecord[]>;
}

export function createAuditStore(db: Database): AuditStore {
  return {
    async record({ linkId, type, actor, detail, at = new Date() }) {
      await db.insert(auditEvents).values({ linkId, type, actor, detail: detail ?? null, at });
    },
    async list({ limit = 100, linkId } = {}) {
      const rows = await db
        .select({ event: auditEvents, fileId: shareLinks.fileId, label: shareLinks.label })
        .from(auditEvents)
        .innerJoin(shareLinks, eq(shareLinks.id, auditEvents.linkId))
        .where(linkId ? eq(auditEvents.linkId, linkId) : undefined)
        .orderBy(desc(auditEvents.at), desc(auditEvents.id))
        .limit(limit);
      return rows.map(({ event, fileId, label }) => ({ ...event, fileId, label }));
    },
  };
}
