'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { postJson } from '@/lib/client/api-client';

export function SignOutButton({ csrfToken }: { csrfToken: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button secondary"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await postJson('/api/editor/logout', {}, csrfToken).catch(() => undefined);
        router.replace('/editor/login');
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
}
