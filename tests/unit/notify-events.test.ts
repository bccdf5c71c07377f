import { describe, expect, it } from 'vitest';
import { confirmedCommentEvents, decisionEvent, firstViewEvent } from '@/lib/notify/events';

describe('notification events', () => {
  const now = new Date('2026-12-01T12:00:00Z');

  it('comments read from Box become events only when a reviewer of the link wrote them recently', () => {
    const events = confirmedCommentEvents({
      linkId: 'link-1',
      reviewerNames: new Map([['rev-1', 'Ana']]),
      now,
      comments: [
        { id: 'c1', fileId: '1001', authorId: 'rev-1', message: 'New one', createdAt: '2026-12-01T11:59:00Z' },
        { id: 'c2', fileId: '1001', authorId: 'someone-else', message: 'Not a reviewer of this link', createdAt: '2026-12-01T11:59:00Z' },
        { id: 'c3', fileId: '1001', authorId: 'rev-1', message: 'Last week', createdAt: '2026-11-24T11:59:00Z' },
      ],
    });
    expect(events).toEqual([
      { type: 'comment.created', linkId: 'link-1', dedupeKey: 'comment:c1', payload: { fileId: '1001', commentId: 'c1', reviewerName: 'Ana', message: 'New one' }, at: new Date('2026-12-01T11:59:00Z') },
    ]);
  });

  it('keys name the happening: one first view per visitor, a changed decision is news, a repeated one is not', () => {
    expect(firstViewEvent({ linkId: 'l', fileId: 'f', clientHash: 'h' }).dedupeKey).toBe('view:l:h');
    const decidedAt = new Date('2026-12-01T10:00:00Z');
    const base = { linkId: 'l', fileId: 'f', reviewerId: 'r', reviewerName: 'Bo', note: null, decidedAt };
    expect(decisionEvent({ ...base, decision: 'approved' }).dedupeKey).not.toBe(decisionEvent({ ...base, decision: 'changes_requested' }).dedupeKey);
    expect(decisionEvent({ ...base, decision: 'approved' }).dedupeKey).toBe(decisionEvent({ ...base, decision: 'approved' }).dedupeKey);
  });
});
