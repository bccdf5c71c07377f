import { forwardRef } from 'react';

/**
 * Stands in for box-ui-elements' ContentSidebar inside ContentPreview
 * (swapped in by next.config.js). Easel never shows Box's sidebar (activity
 * feed, metadata, versions), yet ContentPreview always lazy-loads it, which
 * alone is more JavaScript than the whole preview route should cost.
 */
const ContentSidebarStub = forwardRef<HTMLDivElement>(function ContentSidebarStub() {
  return null;
});

export default ContentSidebarStub;
