import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PreviewScreen } from '@/components/box-preview/preview-screen';
import { BoxUnavailable, NoAccess } from '@/components/box-preview/status-panel';
import { LinkGone } from '@/components/share/link-gone';
import { UnlockForm } from '@/components/share/unlock-form';
import { permissionsOf } from '@/lib/client/preview-token';
import { getPreviewHosts, preconnectPreviewHosts } from '@/lib/loaders/preview-hosts';
import { loadSharePage } from '@/lib/loaders/share-page';

// Per request: every visit re-checks the link and carries a fresh token.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const result = await loadSharePage((await params).slug);
  return {
    title: result.status === 'ok' ? result.file.name : 'Shared artwork',
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
  };
}

export default async function SharedLinkPage({ params }: Props) {
  const { slug } = await params;
  const result = await loadSharePage(slug);
  switch (result.status) {
    case 'not_found':
      notFound();
    case 'gone':
      return <LinkGone reason={result.reason} />;
    case 'locked':
      return <UnlockForm slug={slug} />;
    case 'forbidden':
      return <NoAccess />;
    case 'rate_limited':
    case 'unavailable':
      return <BoxUnavailable retryAfterSeconds={result.retryAfterSeconds} />;
    case 'ok': {
      const previewHosts = getPreviewHosts();
      preconnectPreviewHosts(previewHosts, result.previewFile);
      return (
        <PreviewScreen
          fileId={result.file.id}
          fileName={result.file.name}
          tokenUrl={`/api/links/${encodeURIComponent(slug)}/token`}
          initialToken={result.token}
          permissions={permissionsOf(result.token.scopes)}
          previewFile={result.previewFile}
          previewHosts={previewHosts}
        />
      );
    }
  }
}
