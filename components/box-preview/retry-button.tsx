'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

/** Renders the page again on the server (a fresh attempt at Box), or resets an error boundary. */
export function RetryButton({ onRetry, label = 'Try again' }: { onRetry?: () => void; label?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      className="button"
      disabled={pending}
      onClick={() =>
        startTransition(() => {
          router.refresh();
          onRetry?.();
        })
      }
    >
      {pending ? 'Retrying…' : label}
    </button>
  );
}
