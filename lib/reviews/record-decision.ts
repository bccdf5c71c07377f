import type { DecisionRecord, Store } from '../db/store';
import { ApiError } from '../http/api-error';
import { linkFileNotFound } from '../links/link-errors';
import type { Visitor } from '../links/visitor';
import { decisionEvent } from '../notify/events';
import type { DecisionInput } from './review-input';
import { openReviewLink } from './review-link';

/**
 * Sets the visitor's decision on one file of an annotator link. Everything is
 * checked before anything is written: the link is live and unlocked, the
 * visitor is a named reviewer of it, and the file is one of its files.
 */
export async function recordDecision(store: Store, slug: string, visitor: Visitor, input: DecisionInput): Promise<DecisionRecord> {
  const { link, files, reviewer } = await openReviewLink(store, slug, visitor);
  if (link.role !== 'annotator' || !reviewer) throw new ApiError('forbidden:link_role', 'This link is for viewing only.');
  if (!files.includes(input.fileId)) throw linkFileNotFound();
  // The decision and the editor's notification land together, or neither does.
  return store.transaction(async (tx) => {
    const decision = await tx.reviews.decide({ linkId: link.id, reviewerId: reviewer.id, fileId: input.fileId, decision: input.decision, note: input.note });
    await tx.notifications.emit(decisionEvent({ ...decision, reviewerName: reviewer.name }));
    return decision;
  });
}
