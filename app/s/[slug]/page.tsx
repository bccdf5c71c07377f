import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PreviewScreen } from '@/components/box-preview/preview-screen';
import { BoxUnavailable } from '@/components/box-preview/status-panel';
import { LinkGone } from '@/components/share/link-gone';
import { UnlockForm } from '@/components/share/unlock-form';
import { loadSharePage } from '@/lib/links/load-share-page';
import { getPreviewHosts } from '@/lib/preview/preview-config';
import { permissionsOf } from '@/lib/preview/preview-token';

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
    case 'unavailable':
      return <BoxUnavailable retryAfterSeconds={result.retryAfterSeconds} />;
    case 'ok':
      return (
        <PreviewScreen
          fileId={result.file.id}
          fileName={result.file.name}
          tokenUrl={`/api/links/${encodeURIComponent(slug)}/token`}
          initialToken={result.token}
          permissions={permissionsOf(result.token.scopes)}
          previewHosts={getPreviewHosts()}
        />
      );
  }
}
