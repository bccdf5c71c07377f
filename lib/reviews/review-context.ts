import { getFile } from '../box/files';
import type { Decision, LinkRole, Store } from '../db/store';
import { thumbnailUrlOf } from '../gallery/gallery-tiles';
import { findLiveLink } from '../links/live-link';
import type { Visitor } from '../links/visitor';
import { filesOfLink } from './review-link';
import { currentReviewer } from './reviewer-identity';

export interface ShareFile {
  id: string;
  name: string;
  extension: string;
  thumbnailUrl: string;
}

export interface ReviewerView {
  name: string;
  email: string | null;
  /** The reviewer's current decision per file id. */
  decisions: Record<string, { decision: Decision; note: string | null; decidedAt: string }>;
}

/** What the share page shows around the preview: the set's files, and who is reviewing with their decisions. */
export interface ReviewContext {
  role: LinkRole;
  files: ShareFile[];
  reviewer: ReviewerView | null;
  requireEmail: boolean;
}

async function shareFiles(ids: readonly string[]): Promise<ShareFile[]> {
  const files = await Promise.all(ids.map((id) => getFile(id).catch(() => undefined)));
  return ids.map((id, index) => {
    const file = files[index];
    return {
      id,
      name: file?.name ?? `File ${id}`,
      extension: file?.extension.toLowerCase() ?? '',
      thumbnailUrl: thumbnailUrlOf({ id, versionId: file?.versionId ?? '' }),
    };
  });
}

/** Read after the link grant succeeded for this visitor (so the link is live, unlocked and, on a comment link, named). */
export async function loadReviewContext(store: Store, slug: string, visitor: Visitor): Promise<ReviewContext> {
  const link = await findLiveLink(store, slug);
  const [files, reviewer] = await Promise.all([filesOfLink(store, link).then(shareFiles), link.role === 'annotator' ? currentReviewer(store, link, visitor.readCookie) : undefined]);
  let view: ReviewerView | null = null;
  if (reviewer) {
    const decisions = await store.reviews.decisionsOfReviewer(reviewer.id);
    await store.reviews.touchReviewer(reviewer.id);
    view = {
      name: reviewer.name,
      email: reviewer.email,
      decisions: Object.fromEntries(decisions.map((entry) => [entry.fileId, { decision: entry.decision, note: entry.note, decidedAt: entry.decidedAt.toISOString() }])),
    };
  }
  return { role: link.role, files, reviewer: view, requireEmail: link.requireEmail };
}

/** Whether the link asks reviewers for an email (for the name form; false when the link is gone meanwhile). */
export async function linkRequiresEmail(store: Store, slug: string): Promise<boolean> {
  return (await findLiveLink(store, slug).catch(() => undefined))?.requireEmail ?? false;
}
