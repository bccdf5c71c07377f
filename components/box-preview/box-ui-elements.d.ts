/** The parts of box-ui-elements (Flow, no TypeScript types) that Easel uses. */
declare module 'box-ui-elements/es/elements/content-preview' {
  import type { ComponentType } from 'react';

  export type BoxTokenFunction = (typedId: string | string[]) => Promise<string | undefined>;

  export interface ContentPreviewProps {
    fileId: string;
    token: string | BoxTokenFunction;
    language?: string;
    messages?: Record<string, string>;
    apiHost?: string;
    staticHost?: string;
    staticPath?: string;
    previewLibraryVersion?: string;
    showAnnotations?: boolean;
    showAnnotationsControls?: boolean;
    canDownload?: boolean;
    hasHeader?: boolean;
    autoFocus?: boolean;
    useHotkeys?: boolean;
    className?: string;
    onLoad?: (data: unknown) => void;
    onError?: (error: unknown, code?: string, context?: unknown, origin?: string) => void;
    /** Spread onto the (stubbed) sidebar, which ContentPreview renders inside its annotator context. */
    contentSidebarProps?: Record<string, unknown>;
    /** An APICache (box-ui-elements/es/utils/Cache) ContentPreview reads and fills. */
    cache?: import('box-ui-elements/es/utils/Cache').default;
  }

  const ContentPreview: ComponentType<ContentPreviewProps>;
  export default ContentPreview;
}

declare module 'box-ui-elements/i18n/en-US' {
  const messages: Record<string, string>;
  export default messages;
}

declare module 'box-ui-elements/es/utils/Cache' {
  /** box-ui-elements' API cache: the File API answers `file_<id>` from it when every asked field is present. */
  export default class APICache {
    set(key: string, value: unknown): void;
    get(key: string): unknown;
    has(key: string): boolean;
  }
}

declare module 'box-ui-elements/es/elements/common/annotator-context/AnnotatorContext' {
  import type { Context } from 'react';

  /** What ContentPreview's withAnnotations provides: the annotator's latest action (box-annotations' events). */
  export interface AnnotatorState {
    action?: 'create_start' | 'create_end' | 'delete_start' | 'delete_end' | string | null;
    annotation?: { id?: string | number } | null;
    error?: unknown;
    meta?: { status?: 'pending' | 'success' | 'error'; requestId?: string } | null;
  }

  const AnnotatorContext: Context<{ state?: AnnotatorState }>;
  export default AnnotatorContext;
}
