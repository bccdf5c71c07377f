import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BoxUnavailable, NoAccess } from '@/components/box-preview/status-panel';
import { PreviewScreen } from '@/components/box-preview/preview-screen';
import { loadFilePreview } from '@/lib/preview/load-file-preview';
import { getPreviewHosts } from '@/lib/preview/preview-config';
import { permissionsOf } from '@/lib/preview/preview-token';

// Rendered per request: the page carries a fresh token, so its HTML is never cached.
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ fileId: string }> };

const TITLES = { not_found: 'Not found', forbidden: 'No access', unavailable: 'Box is unavailable' } as const;

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
  if (result.status === 'not_found') notFound();
  if (result.status === 'forbidden') return <NoAccess />;
  if (result.status === 'unavailable') return <BoxUnavailable retryAfterSeconds={result.retryAfterSeconds} />;
  return (
    <PreviewScreen
      fileId={result.file.id}
      fileName={result.file.name}
      tokenUrl={`/api/files/${encodeURIComponent(result.file.id)}/token`}
      initialToken={result.token}
      permissions={permissionsOf(result.token.scopes)}
      previewHosts={getPreviewHosts()}
      backHref="/"
    />
  );
}
