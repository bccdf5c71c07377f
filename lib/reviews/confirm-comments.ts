import type { FileAnnotation } from '../box/annotations';
import type { ReviewerRecord, Store } from '../db/store';
import { ApiError } from '../http/api-error';
import { linkFileNotFound } from '../links/link-errors';
import type { Visitor } from '../links/visitor';
import { log } from '../log';
import { confirmedCommentEvents, type ConfirmedComment } from '../notify/events';
import type { AnnotationReader } from './annotation-reader';
import { openReviewLink } from './review-link';

/**
 * Comments become notifications only once the server has read them back from
 * Box: the browser says "look now" (the nudge), it never says what was written.
 * Every read of a link's comments (nudge, feedback page, background scan)
 * records the recent ones; Box's annotation id makes each one event.
 */

/** A file's annotations made by one of the link's reviewers (Box names the reviewer id as author). */
export function reviewerComments(fileId: string, annotations: readonly FileAnnotation[], reviewers: readonly ReviewerRecord[]): ConfirmedComment[] {
  const ids = new Set(reviewers.map((reviewer) => reviewer.id));
  return annotations
    .filter((annotation) => ids.has(annotation.authorId))
    .map((annotation) => ({ id: annotation.id, fileId, authorId: annotation.authorId, message: annotation.message, createdAt: annotation.createdAt }));
}

/** Writes the comment events not yet recorded; returns how many were new. A failed write is logged, and the next read tries again. */
export async function recordLinkComments(store: Store, linkId: string, reviewers: readonly ReviewerRecord[], comments: readonly ConfirmedComment[], now?: Date): Promise<number> {
  const events = confirmedCommentEvents({ linkId, reviewerNames: new Map(reviewers.map((reviewer) => [reviewer.id, reviewer.name])), comments, now });
  let recorded = 0;
  for (const event of events) {
    try {
      if (await store.notifications.emit(event)) recorded += 1;
    } catch (error) {
      log.warn({ event: 'notify.comment_emit_failed', linkId, error: error instanceof Error ? error.message : String(error) }, 'comment notification not recorded; the next read retries');
    }
  }
  return recorded;
}

/**
 * A reviewer's "I just commented on this file": reads the file's annotations
 * from Box now and records the link's new comments. Checked like a decision:
 * a live, unlocked comment link, its named reviewer, one of its files.
 */
export async function confirmReviewerComments(store: Store, reader: AnnotationReader, slug: string, visitor: Visitor, input: { fileId: string }): Promise<{ confirmed: number }> {
  const { link, files, reviewer } = await openReviewLink(store, slug, visitor);
  if (link.role !== 'annotator' || !reviewer) throw new ApiError('forbidden:link_role', 'This link is for viewing only.');
  if (!files.includes(input.fileId)) throw linkFileNotFound();
  const [annotations, reviewers] = await Promise.all([reader.refresh(input.fileId), store.reviews.reviewersOfLinks([link.id])]);
  return { confirmed: await recordLinkComments(store, link.id, reviewers, reviewerComments(input.fileId, annotations, reviewers)) };
}
