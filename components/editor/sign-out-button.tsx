'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { postJson } from '@/lib/client/api-client';

/** Sign out of this browser, or of every browser and device at once. */
export function SignOutButton({ csrfToken }: { csrfToken: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const signOut = async (everywhere: boolean) => {
    setBusy(true);
    await postJson(everywhere ? '/api/editor/logout?everywhere=1' : '/api/editor/logout', {}, csrfToken).catch(() => undefined);
    router.replace('/editor/login');
    router.refresh();
  };
  return (
    <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap' }}>
      <button type="button" className="button secondary" disabled={busy} onClick={() => signOut(false)}>
        Sign out
      </button>
      <button type="button" className="button secondary" disabled={busy} onClick={() => signOut(true)}>
        Sign out everywhere
      </button>
    </div>
  );
}
