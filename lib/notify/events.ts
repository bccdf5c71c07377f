import type { Decision, NewNotificationEvent } from '../db/store';

/**
 * The events editors hear about, as outbox rows. Emit them on the store of the
 * transaction that makes the change, e.g.
 *   await tx.notifications.emit(decisionEvent({ ... }));
 * Each carries a dedupe key naming the happening, so emitting twice (a retried
 * request, two instances) records it once.
 */

/** Comment text kept in an event (mail shows the start; the feedback page has it all). */
const MAX_TEXT = 2000;

const clip = (text: string): string => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

/** The first view of a link by a visitor it has not seen before (keyed hash, never the address). */
export function firstViewEvent(input: { linkId: string; fileId: string; clientHash: string; reviewerName?: string | null; at?: Date }): NewNotificationEvent {
  return {
    type: 'link.viewed',
    linkId: input.linkId,
    dedupeKey: `view:${input.linkId}:${input.clientHash}`,
    payload: { fileId: input.fileId, reviewerName: input.reviewerName ?? null },
    at: input.at,
  };
}

/** A comment the server has read back from Box (its Box id makes it unique). */
export function commentEvent(input: { linkId: string; fileId: string; commentId: string; reviewerName: string; message: string; at?: Date }): NewNotificationEvent {
  return {
    type: 'comment.created',
    linkId: input.linkId,
    dedupeKey: `comment:${input.commentId}`,
    payload: { fileId: input.fileId, commentId: input.commentId, reviewerName: input.reviewerName, message: clip(input.message) },
    at: input.at,
  };
}

/** A reviewer's decision on a file; a changed decision is a new event, the same one repeated is not. */
export function decisionEvent(input: {
  linkId: string;
  fileId: string;
  reviewerId: string;
  reviewerName: string;
  decision: Decision;
  note: string | null;
  decidedAt: Date;
}): NewNotificationEvent {
  return {
    type: 'decision.made',
    linkId: input.linkId,
    dedupeKey: `decision:${input.reviewerId}:${input.fileId}:${input.decision}:${input.decidedAt.toISOString()}`,
    payload: { fileId: input.fileId, reviewerName: input.reviewerName, decision: input.decision, note: input.note === null ? null : clip(input.note) },
    at: input.decidedAt,
  };
}

/** A comment as the server read it back from Box (author = the reviewer id the annotator token carried). */
export interface ConfirmedComment {
  id: string;
  fileId: string;
  authorId: string;
  message: string;
  createdAt: string;
}

/** Comments older than this when first read are history, not news (e.g. a link's comments before notifications existed). */
const COMMENT_NEWS_MS = 24 * 3_600_000;

/**
 * The comment events in what the server just read from Box for a link: one per
 * comment by one of the link's reviewers, recent ones only. Emitting them on
 * every read is safe (the Box id is the dedupe key), so whichever read sees a
 * comment first — the reviewer's nudge, the editor's feedback page — records it.
 */
export function confirmedCommentEvents(input: { linkId: string; reviewerNames: ReadonlyMap<string, string>; comments: readonly ConfirmedComment[]; now?: Date }): NewNotificationEvent[] {
  const now = input.now ?? new Date();
  return input.comments.flatMap((comment) => {
    const reviewerName = input.reviewerNames.get(comment.authorId);
    const at = new Date(comment.createdAt);
    if (reviewerName === undefined || Number.isNaN(at.getTime()) || now.getTime() - at.getTime() > COMMENT_NEWS_MS) return [];
    return [commentEvent({ linkId: input.linkId, fileId: comment.fileId, commentId: comment.id, reviewerName, message: comment.message, at: at > now ? now : at })];
  });
}
