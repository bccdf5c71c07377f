import { and, desc, eq, gt, gte, inArray, isNull, or, type InferSelectModel } from 'drizzle-orm';
import type { Database } from '../database';
import { DECISIONS, reviewDecisions, reviewers, shareLinks } from '../schema';

export type Decision = (typeof DECISIONS)[number];

export type ReviewerRecord = InferSelectModel<typeof reviewers>;

export type DecisionRecord = InferSelectModel<typeof reviewDecisions>;

export interface ReviewStore {
  createReviewer(input: { linkId: string; name: string; email: string | null; at?: Date }): Promise<ReviewerRecord>;
  findReviewer(id: string): Promise<ReviewerRecord | undefined>;
  /** A new name or email; the id (the identity Box knows) stays. */
  renameReviewer(id: string, input: { name: string; email: string | null }): Promise<ReviewerRecord | undefined>;
  touchReviewer(id: string, at?: Date): Promise<void>;
  reviewersOfLinks(linkIds: readonly string[]): Promise<ReviewerRecord[]>;
  /** Live comment links with a reviewer seen since `since`, most recently seen first. */
  activeReviewLinks(input: { since: Date; now: Date; limit: number }): Promise<Array<{ id: string; fileId: string }>>;
  /** Sets the reviewer's decision on a file, replacing any earlier one. */
  decide(input: { linkId: string; reviewerId: string; fileId: string; decision: Decision; note: string | null; at?: Date }): Promise<DecisionRecord>;
  /** Newest first. */
  decisionsOfLinks(linkIds: readonly string[]): Promise<DecisionRecord[]>;
  decisionsOfReviewer(reviewerId: string): Promise<DecisionRecord[]>;
}

export function createReviewStore(db: Database): ReviewStore {
  return {
    async createReviewer({ linkId, name, email, at = new Date() }) {
      const rows = await db.insert(reviewers).values({ linkId, name, email, createdAt: at, lastSeenAt: at }).returning();
      const row = rows[0];
      if (!row) throw new Error('insert into reviewers returned no row');
      return row;
    },
    async findReviewer(id) {
      const rows = await db.select().from(reviewers).where(eq(reviewers.id, id)).limit(1);
      return rows[0];
    },
    async renameReviewer(id, { name, email }) {
      const rows = await db.update(reviewers).set({ name, email, lastSeenAt: new Date() }).where(eq(reviewers.id, id)).returning();
      return rows[0];
    },
    async touchReviewer(id, at = new Date()) {
      await db.update(reviewers).set({ lastSeenAt: at }).where(eq(reviewers.id, id));
    },
    async reviewersOfLinks(linkIds) {
      if (linkIds.length === 0) return [];
      return db.select().from(reviewers).where(inArray(reviewers.linkId, [...linkIds])).orderBy(reviewers.createdAt);
    },
    async activeReviewLinks({ since, now, limit }) {
      const rows = await db
        .selectDistinctOn([reviewers.linkId], { id: reviewers.linkId, fileId: shareLinks.fileId, seen: reviewers.lastSeenAt })
        .from(reviewers)
        .innerJoin(shareLinks, eq(shareLinks.id, reviewers.linkId))
        .where(
          and(
            gte(reviewers.lastSeenAt, since),
            eq(shareLinks.role, 'annotator'),
            isNull(shareLinks.revokedAt),
            or(isNull(shareLinks.expiresAt), gt(shareLinks.expiresAt, now)),
          ),
        )
        .orderBy(reviewers.linkId, desc(reviewers.lastSeenAt));
      return rows
        .sort((a, b) => b.seen.getTime() - a.seen.getTime())
        .slice(0, limit)
        .map(({ id, fileId }) => ({ id, fileId }));
    },
    async decide({ linkId, reviewerId, fileId, decision, note, at = new Date() }) {
      const rows = await db
        .insert(reviewDecisions)
        .values({ linkId, reviewerId, fileId, decision, note, decidedAt: at })
        .onConflictDoUpdate({ target: [reviewDecisions.reviewerId, reviewDecisions.fileId], set: { decision, note, decidedAt: at } })
        .returning();
      const row = rows[0];
      if (!row) throw new Error('upsert into review_decisions returned no row');
      return row;
    },
    async decisionsOfLinks(linkIds) {
      if (linkIds.length === 0) return [];
      return db
        .select()
        .from(reviewDecisions)
        .where(inArray(reviewDecisions.linkId, [...linkIds]))
        .orderBy(desc(reviewDecisions.decidedAt), desc(reviewDecisions.id));
    },
    async decisionsOfReviewer(reviewerId) {
      return db.select().from(reviewDecisions).where(and(eq(reviewDecisions.reviewerId, reviewerId))).orderBy(desc(reviewDecisions.decidedAt));
    },
  };
}
