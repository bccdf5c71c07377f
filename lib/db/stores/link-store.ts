import { and, asc, count, desc, eq, gt, inArray, isNull, max, type InferSelectModel } from 'drizzle-orm';
import type { Database } from '../database';
import { COMMENT_VISIBILITIES, LINK_ROLES, linkFiles, linkViews, shareLinks } from '../schema';

export type LinkRole = (typeof LINK_ROLES)[number];
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

export type ShareLinkRecord = InferSelectModel<typeof shareLinks>;

export type NewShareLink = Omit<ShareLinkRecord, 'id' | 'createdAt' | 'revokedAt' | 'requireEmail' | 'commentVisibility'> &
  Partial<Pick<ShareLinkRecord, 'requireEmail' | 'commentVisibility'>> & {
    /** The link's files in order (a review set); default: just `fileId`. `fileId` must be the first. */
    fileIds?: string[];
  };

/** What an editor can change on a link after creating it. */
export type ShareLinkChanges = Partial<Pick<ShareLinkRecord, 'role' | 'commentVisibility' | 'allowDownload' | 'expiresAt' | 'passwordHash' | 'label'>>;

export interface ShareLinkWithViews extends ShareLinkRecord {
  viewCount: number;
  lastViewedAt: Date | null;
}

export interface LinkStore {
  create(input: NewShareLink): Promise<ShareLinkRecord>;
  findBySlug(slug: string): Promise<ShareLinkRecord | undefined>;
  findById(id: string): Promise<ShareLinkRecord | undefined>;
  /** The link's files in the editor's order. */
  filesOf(linkId: string): Promise<string[]>;
  /** filesOf for many links at once. */
  filesOfLinks(linkIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Newest first, with view counts. */
  listWithViews(options?: { limit?: number }): Promise<ShareLinkWithViews[]>;
  /** Applies changes to a link that is not revoked; undefined when there is no such link. */
  update(id: string, changes: ShareLinkChanges): Promise<ShareLinkRecord | undefined>;
  /** Marks the link revoked (idempotent: the first revocation time stays). */
  revoke(id: string, at?: Date): Promise<ShareLinkRecord | undefined>;
  /**
   * Records a view unless the same client viewed the link within the window
   * (a preview refreshes its token often; that is one view, not many).
   */
  recordView(input: { linkId: string; clientHash: string; at?: Date; dedupeWindowMs: number }): Promise<boolean>;
}

export function createLinkStore(db: Database): LinkStore {
  return {
    async create({ fileIds, ...input }) {
      const files = fileIds ?? [input.fileId];
      if (files[0] !== input.fileId) throw new Error('the first file of a link must be its fileId');
      return db.transaction(async (tx) => {
        const rows = await tx.insert(shareLinks).values(input).returning();
        const row = rows[0];
        if (!row) throw new Error('insert into share_links returned no row');
        await tx.insert(linkFiles).values(files.map((fileId, position) => ({ linkId: row.id, position, fileId })));
        return row;
      });
    },
    async filesOf(linkId) {
      return (await this.filesOfLinks([linkId])).get(linkId) ?? [];
    },
    async filesOfLinks(linkIds) {
      const byLink = new Map<string, string[]>();
      if (linkIds.length === 0) return byLink;
      const rows = await db
        .select()
        .from(linkFiles)
        .where(inArray(linkFiles.linkId, [...linkIds]))
        .orderBy(asc(linkFiles.linkId), asc(linkFiles.position));
      for (const row of rows) byLink.set(row.linkId, [...(byLink.get(row.linkId) ?? []), row.fileId]);
      return byLink;
    },
    async findBySlug(slug) {
      const rows = await db.select().from(shareLinks).where(eq(shareLinks.slug, slug)).limit(1);
      return rows[0];
    },
    async findById(id) {
      const rows = await db.select().from(shareLinks).where(eq(shareLinks.id, id)).limit(1);
      return rows[0];
    },
    async listWithViews({ limit = 200 } = {}) {
      const views = db
        .select({ linkId: linkViews.linkId, viewCount: count().as('view_count'), lastViewedAt: max(linkViews.viewedAt).as('last_viewed_at') })
        .from(linkViews)
        .groupBy(linkViews.linkId)
        .as('views');
      const rows = await db
        .select({ link: shareLinks, viewCount: views.viewCount, lastViewedAt: views.lastViewedAt })
        .from(shareLinks)
        .leftJoin(views, eq(views.linkId, shareLinks.id))
        .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id))
        .limit(limit);
      return rows.map(({ link, viewCount, lastViewedAt }) => ({
        ...link,
        viewCount: Number(viewCount ?? 0),
        lastViewedAt: lastViewedAt ? new Date(lastViewedAt) : null,
      }));
    },
    async update(id, changes) {
      const rows = await db
        .update(shareLinks)
        .set(changes)
        .where(and(eq(shareLinks.id, id), isNull(shareLinks.revokedAt)))
        .returning();
      return rows[0];
    },
    async revoke(id, at = new Date()) {
      await db.update(shareLinks).set({ revokedAt: at }).where(and(eq(shareLinks.id, id), isNull(shareLinks.revokedAt)));
      return this.findById(id);
    },
    async recordView({ linkId, clientHash, at = new Date(), dedupeWindowMs }) {
      const since = new Date(at.getTime() - dedupeWindowMs);
      const recent = await db
        .select({ id: linkViews.id })
        .from(linkViews)
        .where(and(eq(linkViews.linkId, linkId), eq(linkViews.clientHash, clientHash), gt(linkViews.viewedAt, since)))
        .limit(1);
      if (recent.length > 0) return false;
      await db.insert(linkViews).values({ linkId, clientHash, viewedAt: at });
      return true;
    },
  };
}
