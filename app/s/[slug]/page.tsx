import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PreviewScreen } from '@/components/box-preview/preview-screen';
import { BoxUnavailable, NoAccess } from '@/components/box-preview/status-panel';
import { LinkGone } from '@/components/share/link-gone';
import { ReviewPanel } from '@/components/share/review-panel';
import { ReviewSetNav } from '@/components/share/review-set-nav';
import { ReviewerNameForm } from '@/components/share/reviewer-name-form';
import { UnlockForm } from '@/components/share/unlock-form';
import reviewStyles from '@/components/share/review.module.css';
import { permissionsOf } from '@/lib/client/preview-token';
import { getPreviewHosts, preconnectPreviewHosts } from '@/lib/loaders/preview-hosts';
import { loadSharePage } from '@/lib/loaders/share-page';

// Per request: every visit re-checks the link and carries a fresh token.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ file?: string | string[] }> };

async function fileParamOf(searchParams: Props['searchParams']): Promise<string | undefined> {
  const file = (await searchParams).file;
  return typeof file === 'string' ? file : undefined;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const result = await loadSharePage((await params).slug, await fileParamOf(searchParams));
  return {
    title: result.status === 'ok' ? result.file.name : 'Shared artwork',
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
  };
}

export default async function SharedLinkPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const result = await loadSharePage(slug, await fileParamOf(searchParams));
  switch (result.status) {
    case 'not_found':
      notFound();
    case 'gone':
      return <LinkGone reason={result.reason} />;
    case 'locked':
      return <UnlockForm slug={slug} />;
    case 'name_required':
      return <ReviewerNameForm slug={slug} requireEmail={result.requireEmail} />;
    case 'forbidden':
      return <NoAccess />;
    case 'rate_limited':
    case 'unavailable':
      return <BoxUnavailable retryAfterSeconds={result.retryAfterSeconds} />;
    case 'ok': {
      const previewHosts = getPreviewHosts();
      preconnectPreviewHosts(previewHosts, result.previewFile);
      const { review } = result;
      const tokenUrl = `/api/links/${encodeURIComponent(slug)}/token${review.files.length > 1 ? `?file=${encodeURIComponent(result.file.id)}` : ''}`;
      const preview = (
        <PreviewScreen
          key={`preview-${result.file.id}`}
          fileId={result.file.id}
          fileName={result.file.name}
          tokenUrl={tokenUrl}
          initialToken={result.token}
          permissions={permissionsOf(result.token.scopes)}
          previewFile={result.previewFile}
          previewHosts={previewHosts}
          commentConfirmUrl={review.reviewer ? `/api/links/${encodeURIComponent(slug)}/comments/confirm` : undefined}
        />
      );
      if (review.files.length === 1 && !review.reviewer) return preview;
      const decisions = review.reviewer?.decisions ?? {};
      return (
        <div className={`${reviewStyles.layout} easel-review-layout`}>
          {review.files.length > 1 ? (
            <ReviewSetNav
              slug={slug}
              currentId={result.file.id}
              files={review.files.map((file) => ({ ...file, ...(decisions[file.id] ? { decision: decisions[file.id]!.decision } : {}) }))}
            />
          ) : null}
          <div className={reviewStyles.body}>
            {preview}
            {review.reviewer ? (
              <ReviewPanel
                key={`review-${result.file.id}`}
                slug={slug}
                file={{ id: result.file.id, name: result.file.name }}
                reviewer={{ name: review.reviewer.name, email: review.reviewer.email }}
                requireEmail={review.requireEmail}
                decision={decisions[result.file.id]}
              />
            ) : null}
          </div>
        </div>
      );
    }
  }
}
