'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { postJson } from '@/lib/client/api-client';
import { userMessageOf } from '@/lib/client/client-error';
import { CopyField } from './copy-field';
import styles from './create-link-dialog.module.css';
import { FormError } from '@/components/common/form-error';

export interface ShareTarget {
  id: string;
  name: string;
}

const EXPIRY_CHOICES = [
  { value: 'never', label: 'Never' },
  { value: '1', label: 'In 1 hour' },
  { value: '24', label: 'In 1 day' },
  { value: '168', label: 'In 7 days' },
  { value: '720', label: 'In 30 days' },
  { value: 'custom', label: 'On a date…' },
] as const;

function expiryOf(choice: string, custom: string): string | null {
  if (choice === 'never') return null;
  if (choice === 'custom') return custom ? new Date(custom).toISOString() : null;
  return new Date(Date.now() + Number(choice) * 3_600_000).toISOString();
}

/**
 * The form an editor fills in to share a file (and, as a review set, more
 * gallery files after it, in the order they are picked); afterwards it shows
 * the new link.
 */
export function CreateLinkDialog({
  target,
  others = [],
  csrfToken,
  onClose,
}: {
  target: ShareTarget;
  /** Other gallery files that can join the link as a review set. */
  others?: ShareTarget[];
  csrfToken: string;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const router = useRouter();
  const [expiry, setExpiry] = useState<string>('168');
  const [role, setRole] = useState<'viewer' | 'annotator'>('viewer');
  const [extra, setExtra] = useState<ShareTarget[]>([]);
  const toggleExtra = (file: ShareTarget, checked: boolean) =>
    setExtra((current) => (checked ? [...current.filter((item) => item.id !== file.id), file] : current.filter((item) => item.id !== file.id)));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [createdUrl, setCreatedUrl] = useState<string>();

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const custom = String(form.get('customExpiry') ?? '');
    if (expiry === 'custom' && !custom) {
      setError('Pick the date and time the link should stop working.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const link = await postJson<{ url: string }>(
        '/api/editor/links',
        {
          fileId: target.id,
          ...(extra.length > 0 ? { fileIds: [target.id, ...extra.map((file) => file.id)] } : {}),
          role,
          ...(role === 'annotator'
            ? { requireEmail: form.get('requireEmail') === 'on', commentVisibility: form.get('commentVisibility') === 'view_self' ? 'view_self' : 'view_all' }
            : {}),
          allowDownload: form.get('allowDownload') === 'on',
          expiresAt: expiryOf(expiry, custom),
          password: String(form.get('password') ?? '') || null,
          label: String(form.get('label') ?? '') || null,
        },
        csrfToken,
      );
      setCreatedUrl(link.url);
      router.refresh();
    } catch (caught) {
      setError(userMessageOf(caught, 'Could not reach Easel. Try again.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} className={styles.dialog} onClose={onClose} aria-labelledby="create-link-title">
      <h2 id="create-link-title" className={styles.title}>
        Share “{target.name}”{extra.length > 0 ? ` and ${extra.length} more` : ''}
      </h2>
      {createdUrl ? (
        <div className={styles.done}>
          <p>The link is ready. Send it to the person it is for{expiry === 'never' ? '' : '; it stops working when it expires'}.</p>
          <CopyField value={createdUrl} label="Share link" />
          <div className={styles.actions}>
            <button type="button" className="button" onClick={() => dialog.current?.close()}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form className={styles.form} onSubmit={onSubmit}>
          <fieldset className={styles.roles}>
            <legend>They can</legend>
            <label>
              <input type="radio" name="role" value="viewer" checked={role === 'viewer'} onChange={() => setRole('viewer')} /> View the artwork and its comments
            </label>
            <label>
              <input type="radio" name="role" value="annotator" checked={role === 'annotator'} onChange={() => setRole('annotator')} /> View and add comments
            </label>
          </fieldset>
          {role === 'annotator' ? (
            <fieldset className={styles.roles}>
              <legend>Reviewers</legend>
              <label>
                <input type="radio" name="commentVisibility" value="view_all" defaultChecked /> See each other&apos;s comments
              </label>
              <label>
                <input type="radio" name="commentVisibility" value="view_self" /> See only their own comments (private feedback)
              </label>
              <label className={styles.check}>
                <input type="checkbox" name="requireEmail" /> Ask for an email address as well as a name
              </label>
            </fieldset>
          ) : null}
          {others.length > 0 ? (
            <fieldset className={styles.roles}>
              <legend>Review set: also include</legend>
              <div className={styles.setChoices}>
                {others.map((file) => (
                  <label key={file.id}>
                    <input
                      type="checkbox"
                      checked={extra.some((item) => item.id === file.id)}
                      onChange={(event) => toggleExtra(file, event.target.checked)}
                    />{' '}
                    {file.name}
                  </label>
                ))}
              </div>
              {extra.length > 0 ? (
                <ol className={styles.setOrder} aria-label="Order of the review set">
                  {[target, ...extra].map((file) => (
                    <li key={file.id}>{file.name}</li>
                  ))}
                </ol>
              ) : null}
            </fieldset>
          ) : null}
          <label className={styles.check}>
            <input type="checkbox" name="allowDownload" /> Allow download and print
          </label>
          <label className={styles.field}>
            <span>Expires</span>
            <select name="expiry" value={expiry} onChange={(event) => setExpiry(event.target.value)}>
              {EXPIRY_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
          {expiry === 'custom' ? (
            <label className={styles.field}>
              <span>Stops working at</span>
              <input type="datetime-local" name="customExpiry" required />
            </label>
          ) : null}
          <label className={styles.field}>
            <span>
              Password <small>(optional, at least 8 characters)</small>
            </span>
            <input type="password" name="password" autoComplete="new-password" minLength={8} maxLength={200} />
          </label>
          <label className={styles.field}>
            <span>
              For <small>(optional label, only editors see it)</small>
            </span>
            <input type="text" name="label" maxLength={120} placeholder="e.g. Ada at Northwind Gallery" />
          </label>
          <FormError message={error} />
          <div className={styles.actions}>
            <button type="button" className="button secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="button" disabled={busy}>
              {busy ? 'Creating…' : 'Create link'}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
