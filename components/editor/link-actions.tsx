'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { postJson } from '@/lib/client/api-client';
import { userMessageOf } from '@/lib/client/client-error';
import type { DashboardLink } from '@/lib/editors/dashboard-data';
import { CopyField } from './copy-field';
import { CreateLinkDialog } from './create-link-dialog';
import styles from './link-actions.module.css';

/** Copy, edit, duplicate and revoke for one link. Revoking asks for a second click. */
export function LinkActions({ link, csrfToken }: { link: DashboardLink; csrfToken: string }) {
  const router = useRouter();
  const name = link.label ?? link.fileName;
  const active = link.state === 'active';
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const [dialog, setDialog] = useState<'edit' | 'duplicate'>();
  const revokeButton = useRef<HTMLButtonElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);

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
      const result = await postJson<{ boxConfirmed: boolean }>(`/api/editor/links/${link.id}/revoke`, {}, csrfToken);
      setMessage(result.boxConfirmed ? 'Revoked.' : 'Revoked. Box did not confirm every token yet; they expire within the hour.');
      router.refresh();
    } catch (caught) {
      setMessage(userMessageOf(caught, 'Could not reach Easel. Try again.'));
    } finally {
      setBusy(false);
      setConfirming(false);
      // The Revoke button disappears with an active link: keep focus on the outcome.
      requestAnimationFrame(() => (revokeButton.current?.isConnected ? revokeButton.current.focus() : messageRef.current?.focus()));
    }
  }

  return (
    <div className={styles.actions}>
      {active ? <CopyField value={link.url} label={`Share link for ${name}`} compact /> : null}
      {link.state !== 'revoked' ? (
        <button type="button" className="button secondary" onClick={() => setDialog('edit')} aria-label={`Edit the link for ${name}`}>
          Edit
        </button>
      ) : null}
      <button type="button" className="button secondary" onClick={() => setDialog('duplicate')} aria-label={`Duplicate the link for ${name}`}>
        Duplicate
      </button>
      {active ? (
        <button
          ref={revokeButton}
          type="button"
          className={confirming ? 'button danger' : 'button secondary'}
          onClick={revoke}
          disabled={busy}
          aria-label={confirming ? `Confirm revoking the link for ${name}` : `Revoke the link for ${name}`}
        >
          {busy ? 'Revoking…' : confirming ? 'Confirm revoke' : 'Revoke'}
        </button>
      ) : null}
      {message ? (
        <p ref={messageRef} className={styles.message} role="status" tabIndex={-1}>
          {message}
        </p>
      ) : null}
      {dialog ? <CreateLinkDialog mode={{ kind: dialog, link }} csrfToken={csrfToken} onClose={() => setDialog(undefined)} /> : null}
    </div>
  );
}
