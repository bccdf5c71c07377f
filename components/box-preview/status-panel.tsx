import Link from 'next/link';
import type { ReactNode } from 'react';
import { RetryButton } from './retry-button';

interface StatusPanelProps {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  testId: string;
}

function StatusPanel({ title, children, actions, testId }: StatusPanelProps) {
  return (
    <section className="status-page" data-testid={testId}>
      <h1 className="page-title">{title}</h1>
      {children}
      <div style={{ display: 'flex', gap: '0.75rem', justifyContent: 'center', flexWrap: 'wrap' }}>
        {actions}
        <Link className="button secondary" href="/">
          Back to the gallery
        </Link>
      </div>
    </section>
  );
}

export function FileNotFound() {
  return (
    <StatusPanel title="Artwork not found" testId="preview-not-found">
      <p>This file isn&apos;t in the gallery, or the link is mistyped.</p>
    </StatusPanel>
  );
}

export function NoAccess() {
  return (
    <StatusPanel title="No access" testId="preview-no-access">
      <p>You don&apos;t have permission to view this file. If you were signed in, sign in again.</p>
    </StatusPanel>
  );
}

export function BoxUnavailable({ retryAfterSeconds, onRetry }: { retryAfterSeconds?: number; onRetry?: () => void }) {
  return (
    <StatusPanel title="Box is unavailable" testId="preview-unavailable" actions={<RetryButton onRetry={onRetry} />}>
      <p role="alert">
        We couldn&apos;t reach Box to open this file.
        {retryAfterSeconds ? ` Try again in about ${retryAfterSeconds} seconds.` : ' Try again in a moment.'}
      </p>
    </StatusPanel>
  );
}
