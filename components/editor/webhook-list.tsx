'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { postJson, sendJson } from '@/lib/client/api-client';
import { userMessageOf } from '@/lib/client/client-error';
import type { DashboardWebhook } from '@/lib/editors/notifications-data';
import { CopyField } from './copy-field';
import styles from './notifications-panel.module.css';

/** The editor's webhooks: add (the signing secret is shown once), remove, turn back on after failures. */
export function WebhookList({ webhooks, csrfToken }: { webhooks: DashboardWebhook[]; csrfToken: string }) {
  const router = useRouter();
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<{ url: string; secret: string }>();
  const urlField = useRef<HTMLInputElement>(null);
  const secretBox = useRef<HTMLDivElement>(null);

  // The secret is shown only once: focus goes to it (selected, ready to copy).
  useEffect(() => {
    if (created) secretBox.current?.querySelector('input')?.focus();
  }, [created]);

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const result = await postJson<{ url: string; secret: string }>('/api/editor/webhooks', { url }, csrfToken);
      setCreated(result);
      setUrl('');
      router.refresh();
    } catch (caught) {
      setError(userMessageOf(caught, 'Could not add the webhook. Try again.'));
      // The disabled button dropped focus: back to the URL, ready to correct it (the alert is announced).
      requestAnimationFrame(() => urlField.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  async function act(event: MouseEvent<HTMLButtonElement>, id: string, action: 'remove' | 'enable') {
    const row = event.currentTarget.closest('li');
    setError(undefined);
    try {
      if (action === 'remove') await sendJson('DELETE', `/api/editor/webhooks/${id}`, {}, csrfToken);
      else await postJson(`/api/editor/webhooks/${id}/enable`, {}, csrfToken);
      // The clicked button goes away with the refresh: a removed webhook's row leaves focus on
      // the URL field (add another), a webhook turned back on keeps it on its own Remove button.
      if (action === 'remove') urlField.current?.focus();
      else row?.querySelector<HTMLButtonElement>('[data-action="remove"]')?.focus();
      router.refresh();
    } catch (caught) {
      setError(userMessageOf(caught, 'Could not change the webhook. Try again.'));
    }
  }

  return (
    <div className={styles.webhooks}>
      {webhooks.length > 0 ? (
        <ul className={styles.hooks}>
          {webhooks.map((hook) => (
            <li key={hook.id} className={styles.hook} data-webhook-state={hook.disabledReason ? 'disabled' : 'active'}>
              <code className={styles.url}>{hook.url}</code>
              {hook.disabledReason ? <span className={styles.error}>{hook.disabledReason}</span> : <span className={`${styles.state} ${styles.sent}`}>Active</span>}
              <span className={styles.hookActions}>
                {hook.disabledReason ? (
                  <button type="button" className="button secondary" onClick={(event) => void act(event, hook.id, 'enable')}>
                    Turn back on
                  </button>
                ) : null}
                <button
                  type="button"
                  className="button secondary"
                  data-action="remove"
                  onClick={(event) => void act(event, hook.id, 'remove')}
                  aria-label={`Remove webhook ${hook.url}`}
                >
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className={styles.muted}>Add an HTTPS endpoint to receive every event of your links as signed JSON (Standard Webhooks).</p>
      )}
      <form className={styles.addHook} onSubmit={(event) => void add(event)}>
        <label htmlFor="webhook-url">Endpoint URL</label>
        <input
          ref={urlField}
          id="webhook-url"
          type="url"
          inputMode="url"
          required
          placeholder="https://example.com/hooks/easel"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          aria-invalid={error ? true : undefined}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Adding…' : 'Add webhook'}
        </button>
      </form>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {created ? (
        <div ref={secretBox} className={styles.secret} role="status">
          <p>
            Webhook added for <code>{created.url}</code>. Its signing secret is shown only now: keep it to verify the <code>webhook-signature</code> header.
          </p>
          <CopyField value={created.secret} label="Signing secret" />
        </div>
      ) : null}
    </div>
  );
}
