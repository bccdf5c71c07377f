import Link from 'next/link';
import type { LinkRole } from '@/lib/db/store';
import type { FeedbackSummary as Summary } from '@/lib/editors/dashboard-data';
import { LocalTime } from '../common/local-time';
import styles from './feedback-summary.module.css';

/** A link's line in the feedback inbox: reviewers, comments, decisions per file, last activity. */
export function FeedbackSummary({ linkId, feedback, role }: { linkId: string; feedback: Summary; role: LinkRole }) {
  if (role !== 'annotator') return <span className={styles.muted}>View only</span>;
  const nothingYet = feedback.reviewers.length === 0;
  return (
    <div className={styles.summary} data-testid="feedback-summary">
      {nothingYet ? (
        <span className={styles.muted}>No reviewers yet</span>
      ) : (
        <>
          <span className={styles.reviewers} data-testid="feedback-reviewers">
            {feedback.reviewers.join(', ')}
          </span>
          <span>
            <span data-testid="feedback-comments">{feedback.comments}</span> comment{feedback.comments === 1 ? '' : 's'}
            {feedback.commentsComplete ? null : <span className={styles.muted}> (Box unavailable, may be more)</span>}
          </span>
          {feedback.decisionsByFile.length > 0 ? (
            <ul className={styles.decisions} aria-label="Decisions per file">
              {feedback.decisionsByFile.map((entry) => (
                <li key={entry.fileId}>
                  <span className={styles.fileName}>{entry.fileName}</span>
                  {entry.approved > 0 ? <span className={styles.approved}>✓ {entry.approved} approved</span> : null}
                  {entry.changesRequested > 0 ? <span className={styles.changes}>✎ {entry.changesRequested} changes requested</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          {feedback.lastActivityAt ? (
            <span className={styles.muted}>
              last activity <LocalTime iso={feedback.lastActivityAt} />
            </span>
          ) : null}
        </>
      )}
      <Link href={`/editor/links/${linkId}`} className={styles.open}>
        Feedback →
      </Link>
    </div>
  );
}
