import Link from 'next/link';
import type { Decision } from '@/lib/db/store';
import { Thumbnail } from '../gallery/thumbnail';
import styles from './review.module.css';

export interface ReviewSetFile {
  id: string;
  name: string;
  extension: string;
  thumbnailUrl: string;
  /** The reviewer's decision on it, if any. */
  decision?: Decision;
}

const DECISION_MARK = { approved: '✓', changes_requested: '✎' } as const;
const DECISION_TEXT = { approved: 'approved', changes_requested: 'changes requested' } as const;

function hrefOf(slug: string, fileId: string): string {
  return `/s/${encodeURIComponent(slug)}?file=${encodeURIComponent(fileId)}`;
}

/** The files of a review set as a strip of thumbnails, with previous / next. */
export function ReviewSetNav({ slug, files, currentId }: { slug: string; files: ReviewSetFile[]; currentId: string }) {
  const index = Math.max(0, files.findIndex((file) => file.id === currentId));
  const previous = files[index - 1];
  const next = files[index + 1];
  return (
    <nav className={styles.setNav} aria-label="Files in this review">
      {previous ? (
        <Link className={`button secondary ${styles.step}`} href={hrefOf(slug, previous.id)} aria-label={`Previous: ${previous.name}`}>
          ← <span className={styles.stepText}>Previous</span>
        </Link>
      ) : (
        <span className={`button secondary ${styles.step}`} aria-disabled="true">
          ← <span className={styles.stepText}>Previous</span>
        </span>
      )}
      <ol className={styles.strip}>
        {files.map((file, position) => (
          <li key={file.id}>
            <Link
              href={hrefOf(slug, file.id)}
              className={styles.stripItem}
              aria-current={file.id === currentId ? 'page' : undefined}
              aria-label={`${position + 1} of ${files.length}: ${file.name}${file.decision ? `, ${DECISION_TEXT[file.decision]}` : ''}`}
              title={file.name}
            >
              <Thumbnail src={file.thumbnailUrl} extension={file.extension} />
              {file.decision ? (
                <span className={`${styles.mark} ${styles[file.decision]}`} aria-hidden="true">
                  {DECISION_MARK[file.decision]}
                </span>
              ) : null}
            </Link>
          </li>
        ))}
      </ol>
      <span className={styles.position} aria-live="polite">
        {index + 1} / {files.length}
      </span>
      {next ? (
        <Link className={`button secondary ${styles.step}`} href={hrefOf(slug, next.id)} aria-label={`Next: ${next.name}`}>
          <span className={styles.stepText}>Next</span> →
        </Link>
      ) : (
        <span className={`button secondary ${styles.step}`} aria-disabled="true">
          <span className={styles.stepText}>Next</span> →
        </span>
      )}
    </nav>
  );
}
