'use client';

import dynamic from 'next/dynamic';
import type { BoxTokenFunction, ContentPreviewProps } from 'box-ui-elements/es/elements/content-preview';
import { previewFailureOf, type PreviewFailure } from '@/lib/client/preview-failure';
import type { PreviewPermissions } from '@/lib/client/preview-token';
import type { PreviewHosts } from '@/lib/client/preview-hosts';

/**
 * box-ui-elements' ContentPreview, loaded in the browser only (it touches
 * `window` on import) and together with its English messages, so neither
 * weighs on the page's first JavaScript.
 */
const ContentPreview = dynamic(
  async () => {
    const [{ default: Element }, { default: messages }] = await Promise.all([
      import('box-ui-elements/es/elements/content-preview'),
      import('box-ui-elements/i18n/en-US'),
    ]);
    return function ContentPreviewEnglish(props: ContentPreviewProps) {
      return <Element {...props} language="en-US" messages={messages} />;
    };
  },
  { ssr: false, loading: () => null },
);

export interface BoxPreviewProps {
  fileId: string;
  /** Must keep its identity for the life of the preview: a new function makes ContentPreview call updateToken. */
  token: BoxTokenFunction;
  hosts: PreviewHosts;
  permissions: PreviewPermissions;
  onLoad?: () => void;
  onError?: (failure: PreviewFailure) => void;
}

export function BoxPreview({ fileId, token, hosts, permissions, onLoad, onError }: BoxPreviewProps) {
  return (
    <ContentPreview
      fileId={fileId}
      token={token}
      apiHost={hosts.apiHost}
      staticHost={hosts.staticHost}
      staticPath={hosts.staticPath}
      previewLibraryVersion={hosts.previewLibraryVersion}
      showAnnotations
      showAnnotationsControls={permissions.canAnnotate}
      canDownload={permissions.canDownload}
      hasHeader={permissions.canDownload}
      className="easel-content-preview"
      onLoad={() => onLoad?.()}
      onError={(error, code) => onError?.(previewFailureOf(error, code))}
    />
  );
}
