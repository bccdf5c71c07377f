import type { AnnotationVisibility } from '../access/roles';
import type { ReviewerRecord, ShareLinkRecord, Store } from '../db/store';
import { linkLocked } from '../links/link-errors';
import { findLiveLink } from '../links/live-link';
import { isUnlocked } from '../links/unlock-cookie';
import type { Visitor } from '../links/visitor';
import { currentReviewer, reviewerNameRequired } from './reviewer-identity';

/**
 * A share link as a review: its files in order and, on a comment link, the
 * named reviewer behind this browser (required there: nobody comments
 * anonymously). Checked from scratch on every call.
 */
export interface ReviewLink {
  link: ShareLinkRecord;
  files: string[];
  reviewer: ReviewerRecord | undefined;
}

/** The link's files in order (links made before review sets have exactly their one file). */
export async function filesOfLink(store: Store, link: Pick<ShareLinkRecord, 'id' | 'fileId'>): Promise<string[]> {
  const files = await store.links.filesOf(link.id);
  return files.length > 0 ? files : [link.fileId];
}

/** The named reviewer a comment link needs (401 unauthorized:reviewer without one); undefined on a view-only link. */
export async function requiredReviewer(store: Store, link: ShareLinkRecord, visitor: Visitor): Promise<ReviewerRecord | undefined> {
  if (link.role !== 'annotator') return undefined;
  const reviewer = await currentReviewer(store, link, visitor.readCookie);
  if (!reviewer) throw reviewerNameRequired();
  return reviewer;
}

/** A live, unlocked link with its files and (on a comment link) its reviewer. */
export async function openReviewLink(store: Store, slug: string, visitor: Visitor): Promise<ReviewLink> {
  const link = await findLiveLink(store, slug);
  if (!(await isUnlocked(link, visitor.readCookie))) throw linkLocked();
  const reviewer = await requiredReviewer(store, link, visitor);
  return { link, files: await filesOfLink(store, link), reviewer };
}

/**
 * Whose comments a link's visitor sees: on a "view_all" link everyone's; on a
 * "view_self" link a reviewer only their own, and a visitor without a
 * reviewer identity (a view-only link) none.
 */
export function linkAnnotations(link: Pick<ShareLinkRecord, 'commentVisibility'>, reviewer: ReviewerRecord | undefined): AnnotationVisibility {
  if (link.commentVisibility === 'view_all') return 'all';
  return reviewer ? 'self' : 'none';
}
