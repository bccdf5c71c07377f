import type { ReviewerRecord, ShareLinkRecord, Store } from '../db/store';
import { ApiError } from '../http/api-error';
import { linkLocked } from '../links/link-errors';
import { findLiveLink } from '../links/live-link';
import { isUnlocked } from '../links/unlock-cookie';
import type { Visitor } from '../links/visitor';
import type { IdentifyReviewerInput } from './review-input';
import { reviewerIdFromCookie, reviewerSetCookie } from './reviewer-cookie';

/** The named reviewer behind this browser on this link, if it has told us who it is. */
export async function currentReviewer(
  store: Store,
  link: Pick<ShareLinkRecord, 'id'>,
  readCookie: (name: string) => string | undefined,
): Promise<ReviewerRecord | undefined> {
  const reviewerId = await reviewerIdFromCookie(link, readCookie);
  if (!reviewerId) return undefined;
  const reviewer = await store.reviews.findReviewer(reviewerId);
  return reviewer && reviewer.linkId === link.id ? reviewer : undefined;
}

export function reviewerNameRequired(): ApiError {
  return new ApiError('unauthorized:reviewer', 'Tell us your name before you review this artwork.');
}

/**
 * Names (or renames) this browser's reviewer on an annotator link. A known
 * reviewer keeps their id, so Box keeps their annotations theirs.
 */
export async function identifyReviewer(
  store: Store,
  link: Pick<ShareLinkRecord, 'id' | 'role' | 'requireEmail'>,
  input: IdentifyReviewerInput,
  readCookie: (name: string) => string | undefined,
): Promise<{ reviewer: ReviewerRecord; created: boolean }> {
  if (link.role !== 'annotator') throw new ApiError('forbidden:link_role', 'This link is for viewing only.');
  if (link.requireEmail && !input.email) throw new ApiError('bad_request:invalid', 'Invalid request: email: is required for this link');
  const known = await currentReviewer(store, link, readCookie);
  if (known) {
    const renamed = await store.reviews.renameReviewer(known.id, { name: input.name, email: input.email });
    if (renamed) return { reviewer: renamed, created: false };
  }
  const reviewer = await store.reviews.createReviewer({ linkId: link.id, name: input.name, email: input.email });
  return { reviewer, created: true };
}

/** POST /api/links/:slug/reviewer: on a live, unlocked comment link; the Set-Cookie that remembers the reviewer. */
export async function nameReviewerOnLink(
  store: Store,
  slug: string,
  input: IdentifyReviewerInput,
  visitor: Visitor,
): Promise<{ reviewer: ReviewerRecord; created: boolean; setCookie: string }> {
  const link = await findLiveLink(store, slug);
  if (!(await isUnlocked(link, visitor.readCookie))) throw linkLocked();
  const { reviewer, created } = await identifyReviewer(store, link, input, visitor.readCookie);
  return { reviewer, created, setCookie: await reviewerSetCookie(link, reviewer.id) };
}
