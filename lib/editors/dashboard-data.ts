import 'server-only';
import { getFile } from '../box/files';
import { listGalleryPage } from '../box/folders';
import type { AuditDetail, AuditEventType, CommentVisibility, LinkRole, Store } from '../db/store';
import { toGalleryTiles, type GalleryTile } from '../gallery/gallery-tiles';
import { linkStateOf, type LinkState } from '../links/link-state';
import { shareUrlOf } from '../links/share-url';
import { log } from '../log';
import { getAnnotationReader } from '../reviews/annotation-reader';
import { loadLinksFeedback, type LinkFeedback } from '../reviews/link-feedback';

export interface DashboardLink {
  id: string;
  url: string;
  fileId: string;
  fileName: string;
  label: string | null;
  role: LinkRole;
  allowDownload: boolean;
  requireEmail: boolean;
  commentVisibility: CommentVisibility;
  hasPassword: boolean;
  expiresAt: string | null;
  createdAt: string;
  state: LinkState;
  viewCount: number;
  lastViewedAt: string | null;
  /** Files in the link (more than one: a review set). */
  fileCount: number;
  feedback: FeedbackSummary;
}

/** The inbox line of a link: who reviewed, how much they said, what they decided. */
export interface FeedbackSummary {
  reviewers: string[];
  comments: number;
  approved: number;
  changesRequested: number;
  lastActivityAt: string | null;
  commentsComplete: boolean;
  decisionsByFile: Array<{ fileId: string; fileName: string; approved: number; changesRequested: number }>;
}

export interface DashboardEvent {
  id: number;
  linkId: string;
  type: AuditEventType;
  /** What changed (`updated`), never a secret. */
  detail: AuditDetail | null;
  at: string;
  actor: string;
  fileName: string;
  label: string | null;
}

/** Recent events shown (grouped per visitor, so a burst of password tries takes one line). */
export const ACTIVITY_LIMIT = 300;

export interface Dashboard {
  files: GalleryTile[];
  nextFilesCursor: string | null;
  links: DashboardLink[];
  events: DashboardEvent[];
}

async function fileNames(fileIds: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(fileIds)];
  const results = await Promise.allSettled(ids.map((id) => getFile(id)));
  const names = new Map<string, string>();
  results.forEach((result, index) => {
    const id = ids[index]!;
    if (result.status === 'fulfilled' && result.value) names.set(id, result.value.name);
    else names.set(id, `File ${id}`);
  });
  return names;
}

function summaryOf(feedback: LinkFeedback | undefined, names: Map<string, string>): FeedbackSummary {
  const decisions = feedback?.decisions ?? [];
  return {
    decisionsByFile: (feedback?.files ?? [])
      .map((fileId) => ({
        fileId,
        fileName: names.get(fileId) ?? `File ${fileId}`,
        approved: decisions.filter((decision) => decision.fileId === fileId && decision.decision === 'approved').length,
        changesRequested: decisions.filter((decision) => decision.fileId === fileId && decision.decision === 'changes_requested').length,
      }))
      .filter((entry) => entry.approved + entry.changesRequested > 0),
    reviewers: feedback?.reviewers.map((reviewer) => reviewer.name) ?? [],
    comments: feedback?.comments.length ?? 0,
    approved: feedback?.decisions.filter((decision) => decision.decision === 'approved').length ?? 0,
    changesRequested: feedback?.decisions.filter((decision) => decision.decision === 'changes_requested').length ?? 0,
    lastActivityAt: feedback?.lastActivityAt ?? null,
    commentsComplete: feedback?.commentsComplete ?? true,
  };
}

export async function loadDashboard(store: Store, origin: string, filesCursor?: string): Promise<Dashboard> {
  const [page, links, events] = await Promise.all([
    listGalleryPage({ cursor: filesCursor }).catch((error: unknown) => {
      log.warn({ event: 'editor.dashboard_gallery_failed', err: error }, 'gallery unavailable');
      return { files: [], nextCursor: undefined };
    }),
    store.links.listWithViews({ limit: 200 }),
    store.audit.list({ limit: ACTIVITY_LIMIT }),
  ]);
  const feedback = await loadLinksFeedback(store, getAnnotationReader(), links);
  const names = await fileNames([...[...feedback.values()].flatMap((entry) => entry.files), ...links.map((link) => link.fileId), ...events.map((event) => event.fileId)]);
  const now = new Date();
  return {
    files: toGalleryTiles(page.files),
    nextFilesCursor: page.nextCursor ?? null,
    links: links.map((link) => ({
      id: link.id,
      url: shareUrlOf(origin, link.slug),
      fileId: link.fileId,
      fileName: names.get(link.fileId) ?? `File ${link.fileId}`,
      label: link.label,
      role: link.role,
      allowDownload: link.allowDownload,
      requireEmail: link.requireEmail,
      commentVisibility: link.commentVisibility,
      hasPassword: link.passwordHash !== null,
      expiresAt: link.expiresAt?.toISOString() ?? null,
      createdAt: link.createdAt.toISOString(),
      state: linkStateOf(link, now),
      viewCount: link.viewCount,
      lastViewedAt: link.lastViewedAt?.toISOString() ?? null,
      fileCount: feedback.get(link.id)?.files.length ?? 1,
      feedback: summaryOf(feedback.get(link.id), names),
    })),
    events: events.map((event) => ({
      id: event.id,
      linkId: event.linkId,
      type: event.type,
      detail: event.detail,
      at: event.at.toISOString(),
      actor: event.actor,
      fileName: names.get(event.fileId) ?? `File ${event.fileId}`,
      label: event.label,
    })),
  };
}
