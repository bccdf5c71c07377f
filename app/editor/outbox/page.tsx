import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LocalTime } from '@/components/common/local-time';
import { getEnv } from '@/lib/config/env';
import { getStore } from '@/lib/db/get-store';
import { requirePageEditor } from '@/lib/editors/page-editor';
import { mailRouteOf } from '@/lib/notify/notify-config';
import styles from './outbox.module.css';

export const metadata: Metadata = { title: 'Outbox (sandbox)' };
export const dynamic = 'force-dynamic';

/** Sandbox mode without SMTP_URL: the notification mail Easel would have sent. */
export default async function OutboxPage() {
  if (mailRouteOf(getEnv()) !== 'sandbox-outbox') notFound();
  await requirePageEditor();
  const mails = await (await getStore()).notifications.listSandboxMail(50);
  return (
    <div className={styles.outbox}>
      <header>
        <p>
          <Link href="/editor">← Share links</Link>
        </p>
        <h1 className="page-title">Outbox</h1>
        <p className={styles.lead}>Sandbox mode: notification mail is kept here instead of being sent. Set SMTP_URL and MAIL_FROM to send it.</p>
      </header>
      {mails.length === 0 ? <p className="notice">No mail yet. Open a share link in another browser, or comment on it, and the mail appears here.</p> : null}
      <ol className={styles.mails}>
        {mails.map((mail) => (
          <li key={mail.id} className={styles.mail} data-message-key={mail.messageKey}>
            <h2 className={styles.subject}>{mail.subject}</h2>
            <p className={styles.meta}>
              To {mail.toAddress} · <LocalTime iso={mail.createdAt.toISOString()} />
            </p>
            {/* The mail's own HTML, in a sandboxed frame: no scripts, no access to this page. */}
            <iframe className={styles.frame} title={`Mail: ${mail.subject}`} sandbox="" srcDoc={mail.html} />
            <details>
              <summary>Plain text</summary>
              <pre className={styles.text}>{mail.text}</pre>
            </details>
          </li>
        ))}
      </ol>
    </div>
  );
}
