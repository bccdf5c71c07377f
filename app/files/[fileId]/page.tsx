import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BoxUnavailable, NoAccess } from '@/components/box-preview/status-panel';
import { PreviewScreen } from '@/components/box-preview/preview-screen';
import { permissionsOf } from '@/lib/client/preview-token';
import { getPreviewHosts, preconnectPreviewHosts } from '@/lib/loaders/preview-hosts';
import { loadFilePreview } from '@/lib/loaders/file-preview';
import type { PreviewPageResult } from '@/lib/loaders/preview-page';

// Rendered per request: the page carries a fresh token, so its HTML is never cached.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ fileId: string }> };

const TITLES = {
  not_found: 'Not found',
  gone: 'Not found',
  forbidden: 'No access',
  locked: 'No access',
  name_required: 'No access',
  rate_limited: 'Box is unavailable',
  unavailable: 'Box is unavailable',
} as const satisfies Record<Exclude<PreviewPageResult['status'], 'ok'>, string>;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { fileId } = await params;
  const result = await loadFilePreview(fileId);
  return {
    title: result.status === 'ok' ? result.file.name : TITLES[result.status],
    robots: { index: false, follow: false },
    referrer: 'no-referrer',
  };
}

export default async function FilePage({ params }: Props) {
  const { fileId } = await params;
  const result = await loadFilePreview(fileId);
  switch (result.status) {
    case 'not_found':
    case 'gone':
      notFound();
    case 'forbidden':
    case 'locked':
    case 'name_required':
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
          tokenUrl={`/api/files/${encodeURIComponent(result.file.id)}/token`}
          initialToken={result.token}
          permissions={permissionsOf(result.token.scopes)}
          previewFile={result.previewFile}
          previewHosts={previewHosts}
          backHref="/"
        />
      );
    }
  }
}
