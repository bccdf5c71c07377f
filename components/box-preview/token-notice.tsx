'use client';

import type { TokenProblem } from '@/lib/client/use-box-token';
import styles from './preview-screen.module.css';

/** Shown when the page can't renew its access token (network down, Box unavailable, access ended). */
export function TokenNotice({ problem, onRetry }: { problem: TokenProblem; onRetry: () => void }) {
  return (
    <div className={styles.notice} role="alert" data-testid="token-notice" data-kind={problem.kind}>
      <span>{problem.message}</span>
      {problem.kind === 'renewal_failing' ? (
        <button type="button" className={styles.noticeButton} onClick={onRetry}>
          Retry now
        </button>
      ) : (
        <button type="button" className={styles.noticeButton} onClick={() => window.location.reload()}>
          Reload
        </button>
      )}
    </div>
  );
}
