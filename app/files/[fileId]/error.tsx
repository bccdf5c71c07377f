'use client';

import { BoxUnavailable } from '@/components/box-preview/status-panel';

/** Anything unexpected while rendering the page: offer a fresh attempt. */
export default function FileError({ reset }: { error: Error; reset: () => void }) {
  return <BoxUnavailable onRetry={reset} />;
}
