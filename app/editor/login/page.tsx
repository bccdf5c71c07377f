import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/editor/login-form';
import { getPageEditor } from '@/lib/editors/page-editor';
import styles from './login.module.css';

export const metadata: Metadata = { title: 'Editor sign in' };

export default async function EditorLoginPage() {
  if (await getPageEditor()) redirect('/editor');
  return (
    <section className={`card ${styles.card}`}>
      <h1 className="page-title">Editor sign in</h1>
      <p className={styles.lead}>Sign in to share artwork with clients and see who viewed it.</p>
      <LoginForm />
    </section>
  );
}
