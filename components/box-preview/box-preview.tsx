'use client';

import dynamic from 'next/dynamic';
import { useMemo, useState } from 'react';
import type { BoxTokenFunction, ContentPreviewProps } from 'box-ui-elements/es/elements/content-preview';
import type { PreviewFileWire } from '@/lib/box/types';
import { previewFailureOf, type PreviewFailure } from '@/lib/client/preview-failure';
import type { PreviewPermissions } from '@/lib/client/preview-token';
import type { PreviewHosts } from '@/lib/client/preview-hosts';

type EnglishPreviewProps = Omit<ContentPreviewProps, 'cache'> & { prefetchedFile?: PreviewFileWire };

/**
 * box-ui-elements' ContentPreview, loaded in the browser only (it touches
 * `window` on import) and together with its English messages, so neither
 * weighs on the page's first JavaScript. A file object the server already
 * read goes into ContentPreview's API cache under the key its File API looks
 * up (`file_<id>`); with every field it asks for present, it makes no request.
 */
const ContentPreview = dynamic(
  async () => {
    const [{ default: Element }, { default: messages }, { default: APICache }] = await Promise.all([
      import('box-ui-elements/es/elements/content-preview'),
      import('box-ui-elements/i18n/en-US'),
      import('box-ui-elements/es/utils/Cache'),
    ]);
    return function ContentPreviewEnglish({ prefetchedFile, ...props }: EnglishPreviewProps) {
      const [cache] = useState(() => {
        const created = new APICache();
        if (prefetchedFile) created.set(`file_${prefetchedFile.id}`, prefetchedFile);
        return created;
      });
      return <Element {...props} cache={cache} language="en-US" messages={messages} />;
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
  prefetchedFile?: PreviewFileWire;
  onLoad?: () => void;
  onError?: (failure: PreviewFailure) => void;
  /** A comment was saved at Box (reported by the annotator through ContentPreview). */
  onCommentPosted?: () => void;
}

export function BoxPreview({ fileId, token, hosts, permissions, prefetchedFile, onLoad, onError, onCommentPosted }: BoxPreviewProps) {
  // ContentPreview is a PureComponent: the same object each render, or it re-renders for nothing.
  const contentSidebarProps = useMemo(() => ({ onAnnotationCreated: () => onCommentPosted?.() }), [onCommentPosted]);
  return (
    <ContentPreview
      fileId={fileId}
      token={token}
      prefetchedFile={prefetchedFile}
      apiHost={hosts.apiHost}
      staticHost={hosts.staticHost}
      staticPath={hosts.staticPath}
      previewLibraryVersion={hosts.previewLibraryVersion}
      showAnnotations
      showAnnotationsControls={permissions.canAnnotate}
      canDownload={permissions.canDownload}
      hasHeader={permissions.canDownload}
      className="easel-content-preview"
      contentSidebarProps={contentSidebarProps}
      onLoad={() => onLoad?.()}
      onError={(error, code) => onError?.(previewFailureOf(error, code))}
    />
  );
}
