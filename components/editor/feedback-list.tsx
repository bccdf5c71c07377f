import type { LinkFeedback } from '@/lib/reviews/link-feedback';
import { LocalTime } from '../common/local-time';
import styles from './feedback-list.module.css';

const DECISION_LABEL = { approved: 'Approved', changes_requested: 'Changes requested' } as const;

export interface FeedbackListProps {
  view: { files: Array<{ id: string; name: string }>; feedback: LinkFeedback; reviewers: LinkFeedback['reviewers'] };
}

/** A link's reviewers, decisions and comments, newest first. All text is plain (React escapes it). */
export function FeedbackList({ view }: FeedbackListProps) {
  const { files, feedback, reviewers } = view;
  const nameOf = new Map(files.map((file) => [file.id, file.name]));
  return (
    <>
      <section aria-labelledby="reviewers-heading" className={styles.section}>
        <h2 id="reviewers-heading">Reviewers</h2>
        {reviewers.length === 0 ? (
          <p className="notice">Nobody has opened this link under a name yet.</p>
        ) : (
          <ul className={styles.reviewers}>
            {reviewers.map((reviewer) => (
              <li key={reviewer.id} data-testid="reviewer">
                <strong>{reviewer.name}</strong>
                {reviewer.email ? <span className={styles.muted}> · {reviewer.email}</span> : null}
                <span className={styles.muted}>
                  {' '}
                  · {reviewer.comments} comment{reviewer.comments === 1 ? '' : 's'} · last seen <LocalTime iso={reviewer.lastSeenAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="decisions-heading" className={styles.section}>
        <h2 id="decisions-heading">Decisions</h2>
        {feedback.decisions.length === 0 ? (
          <p className="notice">No decisions yet.</p>
        ) : (
          <ul className={styles.items}>
            {feedback.decisions.map((decision) => (
              <li key={`${decision.reviewerId}-${decision.fileId}`} className={styles.item} data-testid="decision" data-decision={decision.decision}>
                <div className={styles.meta}>
                  <strong>{decision.reviewerName}</strong>
                  <span className={decision.decision === 'approved' ? styles.approved : styles.changes}>{DECISION_LABEL[decision.decision]}</span>
                  <span className={styles.muted}>{nameOf.get(decision.fileId) ?? `File ${decision.fileId}`}</span>
                  <LocalTime iso={decision.decidedAt} />
                </div>
                {decision.note ? <p className={styles.text}>{decision.note}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="comments-heading" className={styles.section}>
        <h2 id="comments-heading">
          Comments <span className={styles.muted}>({feedback.comments.length})</span>
        </h2>
        {feedback.commentsComplete ? null : <p className="notice">Box could not be read for every file just now: some comments may be missing.</p>}
        {feedback.comments.length === 0 ? (
          <p className="notice">No comments yet.</p>
        ) : (
          <ul className={styles.items}>
            {feedback.comments.map((comment) => (
              <li key={comment.id} className={styles.item} data-testid="comment">
                <div className={styles.meta}>
                  <strong>{comment.reviewerName}</strong>
                  <span className={styles.muted}>
                    {nameOf.get(comment.fileId) ?? `File ${comment.fileId}`}
                    {comment.page > 1 ? `, page ${comment.page}` : ''}
                  </span>
                  {comment.createdAt ? <LocalTime iso={comment.createdAt} /> : null}
                  <a href={`/files/${comment.fileId}#annotation-${comment.id}`} className={styles.open}>
                    Open in preview
                  </a>
                </div>
                <p className={styles.text}>{comment.message}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
