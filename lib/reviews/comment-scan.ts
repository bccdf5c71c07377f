import type { FileAnnotation } from '../box/annotations';
import type { Store } from '../db/store';
import type { AnnotationReader } from './annotation-reader';
import { recordLinkComments, reviewerComments } from './confirm-comments';

/**
 * The backstop for comment notifications: a reviewer whose browser never sent
 * its nudge (closed the tab, lost the network, a Preview build that emits no
 * annotator events) is still heard. Reads Box for the live comment links whose
 * reviewers were seen recently, a bounded number of files per pass.
 */
export interface CommentScanOptions {
  /** Links with a reviewer seen this recently are read (comments older than a day are history, not news). */
  activeWithinMs: number;
  maxLinks: number;
  /** Box reads per pass, at most. */
  maxFiles: number;
  /** Box reads at once. */
  concurrency: number;
}

export const DEFAULT_COMMENT_SCAN_OPTIONS: CommentScanOptions = { activeWithinMs: 24 * 3_600_000, maxLinks: 100, maxFiles: 200, concurrency: 4 };

export interface CommentScanResult {
  links: number;
  files: number;
  /** Files Box could not be read for (tried again next pass). */
  unreadable: number;
  recorded: number;
}

export async function scanRecentComments(store: Store, reader: AnnotationReader, options: Partial<CommentScanOptions> = {}, now = new Date()): Promise<CommentScanResult> {
  const settings = { ...DEFAULT_COMMENT_SCAN_OPTIONS, ...options };
  const links = await store.reviews.activeReviewLinks({ since: new Date(now.getTime() - settings.activeWithinMs), now, limit: settings.maxLinks });
  if (links.length === 0) return { links: 0, files: 0, unreadable: 0, recorded: 0 };
  const linkIds = links.map((link) => link.id);
  const [filesByLink, reviewers] = await Promise.all([store.links.filesOfLinks(linkIds), store.reviews.reviewersOfLinks(linkIds)]);
  const filesOf = (link: { id: string; fileId: string }) => filesByLink.get(link.id) ?? [link.fileId];

  // Most recently active links first, so a cut at maxFiles drops the quietest.
  const files = [...new Set(links.flatMap(filesOf))].slice(0, settings.maxFiles);
  const annotations = new Map<string, FileAnnotation[]>();
  let unreadable = 0;
  for (let start = 0; start < files.length; start += settings.concurrency) {
    await Promise.all(
      files.slice(start, start + settings.concurrency).map(async (fileId) => {
        const read = await reader.read(fileId).catch(() => undefined);
        if (read) annotations.set(fileId, read);
        else unreadable += 1;
      }),
    );
  }

  let recorded = 0;
  for (const link of links) {
    const linkReviewers = reviewers.filter((reviewer) => reviewer.linkId === link.id);
    const comments = filesOf(link).flatMap((fileId) => reviewerComments(fileId, annotations.get(fileId) ?? [], linkReviewers));
    recorded += await recordLinkComments(store, link.id, linkReviewers, comments, now);
  }
  return { links: links.length, files: files.length, unreadable, recorded };
}
