import { forwardRef, useContext, useEffect, useRef } from 'react';
import AnnotatorContext from 'box-ui-elements/es/elements/common/annotator-context/AnnotatorContext';

export interface ContentSidebarStubProps {
  /** Passed through ContentPreview's `contentSidebarProps`: a comment was saved at Box (its id). */
  onAnnotationCreated?: (annotationId: string) => void;
}

/**
 * Stands in for box-ui-elements' ContentSidebar inside ContentPreview
 * (swapped in by next.config.js). Easel never shows Box's sidebar (activity
 * feed, metadata, versions), yet ContentPreview always lazy-loads it, which
 * alone is more JavaScript than the whole preview route should cost.
 *
 * It sits where Box's sidebar would, inside ContentPreview's annotator
 * context, which is where ContentPreview reports the annotator's events; so it
 * is also where Easel learns that a comment was posted.
 */
const ContentSidebarStub = forwardRef<HTMLDivElement, ContentSidebarStubProps>(function ContentSidebarStub({ onAnnotationCreated }) {
  const { state } = useContext(AnnotatorContext);
  const createdId = state?.action === 'create_end' && state.meta?.status === 'success' && !state.error ? state.annotation?.id : undefined;
  const reported = useRef<string | number | undefined>(undefined);
  useEffect(() => {
    if (createdId === undefined || createdId === reported.current) return;
    reported.current = createdId;
    onAnnotationCreated?.(String(createdId));
  }, [createdId, onAnnotationCreated]);
  return null;
});

export default ContentSidebarStub;
