'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { postJson } from '@/lib/client/api-client';
import { userMessageOf } from '@/lib/client/client-error';
import { CopyField } from './copy-field';
import styles from './link-actions.module.css';

/** Copy and revoke for one link. Revoking asks for a second click. */
export function LinkActions({ linkId, url, active, csrfToken, name }: { linkId: string; url: string; active: boolean; csrfToken: string; name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setConfirming(false), 5000);
    return () => clearTimeout(timer);
  }, [confirming]);

  async function revoke() {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    setBusy(true);
    setMessage(undefined);
    try {
      const result = await postJson<{ boxConfirmed: boolean }>(`/api/editor/links/${linkId}/revoke`, {}, csrfToken);
      if (!result.boxConfirmed) setMessage('Revoked. Box did not confirm every token yet; they expire within the hour.');
      router.refresh();
    } catch (caught) {
      setMessage(userMessageOf(caught, 'Could not reach Easel. Try again.'));
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <div className={styles.actions}>
      {active ? <CopyField value={url} label={`Share link for ${name}`} compact /> : null}
      {active ? (
        <button type="button" className={confirming ? 'button danger' : 'button secondary'} onClick={revoke} disabled={busy} aria-label={confirming ? `Confirm revoking the link for ${name}` : `Revoke the link for ${name}`}>
          {busy ? 'Revoking…' : confirming ? 'Confirm revoke' : 'Revoke'}
        </button>
      ) : null}
      {message ? (
        <p className={styles.message} role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}
