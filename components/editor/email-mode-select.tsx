'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson } from '@/lib/client/api-client';
import { userMessageOf } from '@/lib/client/client-error';
import type { EmailMode } from '@/lib/db/store';
import styles from './notifications-panel.module.css';

/** Every event / hourly digest / nothing, for one link; saved on change. */
export function EmailModeSelect({ linkId, mode, csrfToken, name }: { linkId: string; mode: EmailMode; csrfToken: string; name: string }) {
  const router = useRouter();
  const [value, setValue] = useState(mode);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();

  async function change(next: EmailMode) {
    const previous = value;
    setValue(next);
    setBusy(true);
    setMessage(undefined);
    try {
      await sendJson('PUT', `/api/editor/links/${linkId}/notifications`, { emailMode: next }, csrfToken);
      setMessage('Saved');
      router.refresh();
    } catch (caught) {
      setValue(previous);
      setMessage(userMessageOf(caught, 'Could not save. Try again.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <label className={styles.mode}>
      <span>Email</span>
      <select value={value} disabled={busy} onChange={(event) => void change(event.target.value as EmailMode)} aria-label={`Email for ${name}`}>
        <option value="every">Every event</option>
        <option value="digest">Hourly digest</option>
        <option value="off">Nothing</option>
      </select>
      {message ? (
        <span role="status" className={styles.muted}>
          {message}
        </span>
      ) : null}
    </label>
  );
}
