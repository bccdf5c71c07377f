'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState, type FormEvent } from 'react';
import { fetchCsrfToken, postJson } from '@/lib/client/api-client';
import { userMessageOf } from '@/lib/client/client-error';
import styles from './login-form.module.css';
import { FormError } from '@/components/common/form-error';

export function LoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const passwordField = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const csrfToken = await fetchCsrfToken();
      await postJson('/api/editor/login', { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') }, csrfToken);
      router.replace('/editor');
      router.refresh();
    } catch (caught) {
      setError(userMessageOf(caught, 'Could not reach Easel. Check your connection and try again.'));
      setBusy(false);
      requestAnimationFrame(() => {
        passwordField.current?.focus();
        passwordField.current?.select();
      });
    }
  }

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate={false}>
      <label className={styles.field}>
        <span>Email</span>
        <input name="email" type="email" autoComplete="username" required maxLength={254} autoFocus />
      </label>
      <label className={styles.field}>
        <span>Password</span>
        <input ref={passwordField} name="password" type="password" autoComplete="current-password" required maxLength={1024} />
      </label>
      <FormError message={error} />
      <button className="button" type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
