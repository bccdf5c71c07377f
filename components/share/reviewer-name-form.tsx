'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { FormError } from '@/components/common/form-error';
import { fetchCsrfToken, postJson } from '@/lib/client/api-client';
import { ClientApiError, userMessageOf } from '@/lib/client/client-error';
import { noteReviewerNamed } from './review-focus';
import styles from './share.module.css';

/** Limits the server enforces too (lib/reviews/review-input.ts). */
const MAX_NAME = 80;

export interface ReviewerNameFormProps {
  slug: string;
  requireEmail: boolean;
  /** Renaming: the current values, and a way back without changing anything. */
  current?: { name: string; email: string | null };
  onCancel?: () => void;
  /** Renaming: called once the new name is saved (default: onCancel). */
  onSaved?: () => void;
}

/** Asks a reviewer who they are (name, and email when the link says so) before they review; also renames. */
export function ReviewerNameForm({ slug, requireEmail, current, onCancel, onSaved }: ReviewerNameFormProps) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const nameField = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await postJson(
        `/api/links/${encodeURIComponent(slug)}/reviewer`,
        { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? '') || null },
        await fetchCsrfToken(),
      );
      // Renaming: the panel takes focus back; naming: the review page that replaces this form does.
      if (current) (onSaved ?? onCancel)?.();
      else noteReviewerNamed();
      router.refresh();
    } catch (caught) {
      if (caught instanceof ClientApiError && caught.status === 410) router.refresh();
      setError(userMessageOf(caught, 'Could not reach Easel. Try again.'));
      setBusy(false);
      // The disabled button dropped focus: back to the name, ready for another try (the alert is announced).
      requestAnimationFrame(() => {
        nameField.current?.focus();
        nameField.current?.select();
      });
    }
  }

  const form = (
    <form className={styles.form} onSubmit={onSubmit}>
      <label className={styles.field}>
        <span>Your name</span>
        <input
          ref={nameField}
          name="name"
          type="text"
          autoComplete="name"
          required
          maxLength={MAX_NAME}
          defaultValue={current?.name}
          autoFocus
          aria-invalid={error ? true : undefined}
        />
      </label>
      {requireEmail || current?.email ? (
        <label className={styles.field}>
          <span>Email{requireEmail ? '' : ' (optional)'}</span>
          <input name="email" type="email" autoComplete="email" required={requireEmail} maxLength={254} defaultValue={current?.email ?? ''} />
        </label>
      ) : null}
      <FormError message={error} />
      <div className={styles.formActions}>
        {onCancel ? (
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button className="button" type="submit" disabled={busy}>
          {busy ? 'Saving…' : current ? 'Save name' : 'Start reviewing'}
        </button>
      </div>
    </form>
  );

  if (current) return form;
  return (
    <section className={`card ${styles.lockCard}`} aria-labelledby="reviewer-title">
      <h1 id="reviewer-title" className="page-title">
        Who is reviewing?
      </h1>
      <p className={styles.lead}>Your name is shown next to your comments and decisions{requireEmail ? '; the person who shared this also asks for your email' : ''}.</p>
      {form}
    </section>
  );
}
