import styles from './preview-screen.module.css';

/** Placeholder while the file, the token or the Preview library load. */
export function PreviewSkeleton({ label = 'Loading preview…' }: { label?: string }) {
  return (
    <div className={styles.skeleton} role="status" aria-live="polite" data-testid="preview-skeleton">
      <div className={styles.skeletonArt} aria-hidden="true" />
      <span className={styles.visuallyHidden}>{label}</span>
    </div>
  );
}
