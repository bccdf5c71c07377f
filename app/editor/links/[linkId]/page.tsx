import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { FeedbackList } from '@/components/editor/feedback-list';
import { getStore } from '@/lib/db/get-store';
import { loadLinkFeedback, type LinkFeedbackView } from '@/lib/editors/link-feedback-data';
import { requirePageEditor } from '@/lib/editors/page-editor';
import { ApiError } from '@/lib/http/api-error';
import styles from '../../dashboard.module.css';

export const metadata: Metadata = { title: 'Feedback' };
export const dynamic = 'force-dynamic';

export default async function LinkFeedbackPage({ params }: { params: Promise<{ linkId: string }> }) {
  await requirePageEditor();
  const { linkId } = await params;
  let view: LinkFeedbackView;
  try {
    view = await loadLinkFeedback(await getStore(), linkId);
  } catch (error) {
    if (error instanceof ApiError && error.type === 'not_found') notFound();
    throw error;
  }
  const { link, feedback, files } = view;
  const title = link.label ?? files[0]?.name ?? 'Link';
  return (
    <div className={styles.dashboard}>
      <header className={styles.header}>
        <div>
          <p className={styles.lead}>
            <Link href="/editor">← Share links</Link>
          </p>
          <h1 className="page-title">Feedback: {title}</h1>
          <p className={styles.lead}>
            {files.length > 1 ? `Review set of ${files.length} files` : files[0]?.name} ·{' '}
            {link.role === 'viewer'
              ? link.commentVisibility === 'view_all'
                ? 'view only, shows everyone’s comments'
                : 'view only, comments hidden'
              : link.commentVisibility === 'view_self'
                ? 'reviewers see only their own comments'
                : 'reviewers see each other’s comments'} ·{' '}
            {feedback.reviewers.length} reviewer{feedback.reviewers.length === 1 ? '' : 's'}
          </p>
        </div>
        <a className="button" href={`/api/editor/links/${link.id}/feedback`} download>
          Export CSV
        </a>
      </header>
      <FeedbackList view={{ files, feedback, reviewers: feedback.reviewers }} />
    </div>
  );
}
