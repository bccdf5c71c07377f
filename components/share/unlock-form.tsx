'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { fetchCsrfToken, postJson } from '@/lib/client/api-client';
import { ClientApiError, userMessageOf } from '@/lib/client/client-error';
import styles from './share.module.css';
import { FormError } from '@/components/common/form-error';

/** The password prompt of a protected link; a right password reloads the page unlocked. */
export function UnlockForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const passwordField = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const password = String(new FormData(form).get('password') ?? '');
    setBusy(true);
    setError(undefined);
    try {
      await postJson(`/api/links/${encodeURIComponent(slug)}/unlock`, { password }, await fetchCsrfToken());
      router.refresh();
    } catch (caught) {
      if (caught instanceof ClientApiError && caught.status === 429) {
        const minutes = Math.max(1, Math.ceil((caught.retryAfterSeconds ?? 60) / 60));
        setError(`Too many attempts. Try again in about ${minutes} minute${minutes === 1 ? '' : 's'}.`);
      } else if (caught instanceof ClientApiError && caught.status === 410) {
        router.refresh();
      } else {
        setError(userMessageOf(caught, 'Could not reach Easel. Try again.'));
      }
      form.reset();
      setBusy(false);
      // The disabled button dropped focus: back to the field, ready for another try (the alert is announced).
      requestAnimationFrame(() => passwordField.current?.focus());
    }
  }

  return (
    <section className={`card ${styles.lockCard}`} aria-labelledby="unlock-title">
      <div className={styles.lockIcon} aria-hidden="true">
        🔒
      </div>
      <h1 id="unlock-title" className="page-title">
        This artwork is protected
      </h1>
      <p className={styles.lead}>Enter the password you were given to open it.</p>
      <form className={styles.form} onSubmit={onSubmit}>
        <label className={styles.field}>
          <span>Password</span>
          <input ref={passwordField} name="password" type="password" autoComplete="current-password" required maxLength={200} autoFocus aria-invalid={error ? true : undefined} />
        </label>
        <FormError message={error} />
        <button className="button" type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Open'}
        </button>
      </form>
    </section>
  );
}
