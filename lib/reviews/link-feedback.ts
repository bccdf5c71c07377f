import type { FileAnnotation } from '../box/annotations';
import type { Decision, ReviewerRecord, ShareLinkRecord, Store } from '../db/store';
import type { AnnotationReader } from './annotation-reader';
import { recordLinkComments } from './confirm-comments';

/**
 * What reviewers said on links: their comments (read from Box, never taken
 * from a browser) and their decisions (from the database). A comment belongs
 * to a link when Box names one of the link's reviewers as its author (the
 * reviewer id is the annotator token's `sub`) and it is on one of the link's files.
 */
export interface FeedbackComment {
  id: string;
  fileId: string;
  reviewerId: string;
  reviewerName: string;
  message: string;
  createdAt: string;
  page: number;
}

export interface FeedbackDecision {
  fileId: string;
  reviewerId: string;
  reviewerName: string;
  decision: Decision;
  note: string | null;
  decidedAt: string;
}

export interface LinkFeedback {
  linkId: string;
  files: string[];
  reviewers: Array<Pick<ReviewerRecord, 'id' | 'name' | 'email'> & { lastSeenAt: string; comments: number }>;
  /** Newest first. */
  comments: FeedbackComment[];
  /** Newest first; one per reviewer and file (the current one). */
  decisions: FeedbackDecision[];
  /** The latest of any comment, decision or reviewer visit; null when nothing happened yet. */
  lastActivityAt: string | null;
  /** False when Box could not be read for some file: the comments shown may be incomplete. */
  commentsComplete: boolean;
}

function newestFirst<T>(items: T[], at: (item: T) => string): T[] {
  return [...items].sort((a, b) => at(b).localeCompare(at(a)));
}

function latest(...values: Array<string | undefined>): string | null {
  const present = values.filter((value): value is string => Boolean(value));
  return present.length ? present.reduce((a, b) => (a > b ? a : b)) : null;
}

export async function loadLinksFeedback(store: Store, reader: AnnotationReader, links: readonly Pick<ShareLinkRecord, 'id' | 'fileId'>[]): Promise<Map<string, LinkFeedback>> {
  const linkIds = links.map((link) => link.id);
  const [filesByLink, reviewers, decisions] = await Promise.all([
    store.links.filesOfLinks(linkIds),
    store.reviews.reviewersOfLinks(linkIds),
    store.reviews.decisionsOfLinks(linkIds),
  ]);
  const reviewerById = new Map(reviewers.map((reviewer) => [reviewer.id, reviewer]));
  // Only files that have reviewers to attribute comments to are read from Box.
  const reviewedLinks = new Set(reviewers.map((reviewer) => reviewer.linkId));
  const filesToRead = new Set<string>();
  for (const link of links) if (reviewedLinks.has(link.id)) for (const fileId of filesByLink.get(link.id) ?? [link.fileId]) filesToRead.add(fileId);
  const annotationsByFile = new Map<string, FileAnnotation[] | undefined>();
  await Promise.all(
    [...filesToRead].map(async (fileId) => {
      annotationsByFile.set(fileId, await reader.read(fileId).catch(() => undefined));
    }),
  );

  const feedback = new Map<string, LinkFeedback>();
  for (const link of links) {
    const files = filesByLink.get(link.id) ?? [link.fileId];
    const comments: FeedbackComment[] = [];
    let complete = true;
    for (const fileId of reviewedLinks.has(link.id) ? files : []) {
      const annotations = annotationsByFile.get(fileId);
      if (!annotations) {
        complete = false;
        continue;
      }
      for (const annotation of annotations) {
        const reviewer = reviewerById.get(annotation.authorId);
        if (!reviewer || reviewer.linkId !== link.id) continue;
        comments.push({
          id: annotation.id,
          fileId,
          reviewerId: reviewer.id,
          // The name Box froze onto the annotation when it was made.
          reviewerName: annotation.authorName || reviewer.name,
          message: annotation.message,
          createdAt: annotation.createdAt,
          page: annotation.page,
        });
      }
    }
    const linkReviewers = reviewers.filter((reviewer) => reviewer.linkId === link.id);
    // Read from Box just now, so confirmed: the recent ones become the editor's comment events.
    await recordLinkComments(
      store,
      link.id,
      linkReviewers,
      comments.map((comment) => ({ id: comment.id, fileId: comment.fileId, authorId: comment.reviewerId, message: comment.message, createdAt: comment.createdAt })),
    );
    const linkDecisions: FeedbackDecision[] = decisions
      .filter((decision) => decision.linkId === link.id)
      .map((decision) => ({
        fileId: decision.fileId,
        reviewerId: decision.reviewerId,
        reviewerName: reviewerById.get(decision.reviewerId)?.name ?? 'Unknown reviewer',
        decision: decision.decision,
        note: decision.note,
        decidedAt: decision.decidedAt.toISOString(),
      }));
    const sortedComments = newestFirst(comments, (comment) => comment.createdAt);
    feedback.set(link.id, {
      linkId: link.id,
      files,
      reviewers: linkReviewers.map((reviewer) => ({
        id: reviewer.id,
        name: reviewer.name,
        email: reviewer.email,
        lastSeenAt: reviewer.lastSeenAt.toISOString(),
        comments: comments.filter((comment) => comment.reviewerId === reviewer.id).length,
      })),
      comments: sortedComments,
      decisions: linkDecisions,
      lastActivityAt: latest(
        sortedComments[0]?.createdAt ? new Date(sortedComments[0].createdAt).toISOString() : undefined,
        linkDecisions[0]?.decidedAt,
        ...linkReviewers.map((reviewer) => reviewer.lastSeenAt.toISOString()),
      ),
      commentsComplete: complete,
    });
  }
  return feedback;
}
