import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { AuditLog } from '@/components/editor/audit-log';
import { LinksTable } from '@/components/editor/links-table';
import { NotificationsPanel } from '@/components/editor/notifications-panel';
import { ShareFileGrid } from '@/components/editor/share-file-grid';
import { SignOutButton } from '@/components/editor/sign-out-button';
import { getStore } from '@/lib/db/get-store';
import { getEnv } from '@/lib/config/env';
import { loadDashboard } from '@/lib/editors/dashboard-data';
import { loadNotificationsPanel } from '@/lib/editors/notifications-data';
import { requirePageEditor } from '@/lib/editors/page-editor';
import { publicOriginOf } from '@/lib/http/public-origin';
import { VIEW_WINDOW_MS } from '@/lib/access/link-grant';
import { mailRouteOf } from '@/lib/notify/notify-config';
import styles from './dashboard.module.css';

export const metadata: Metadata = { title: 'Share links' };

const VIEW_WINDOW_MINUTES = VIEW_WINDOW_MS / 60_000;

export default async function EditorDashboardPage({ searchParams }: { searchParams: Promise<{ files?: string | string[] }> }) {
  const editor = await requirePageEditor();
  const filesCursor = (await searchParams).files;
  const store = await getStore();
  const dashboard = await loadDashboard(store, publicOriginOf(await headers()), typeof filesCursor === 'string' ? filesCursor : undefined);
  const notifications = await loadNotificationsPanel(store, editor.editorId, dashboard.links);

  return (
    <div className={styles.dashboard}>
      <header className={styles.header}>
        <div>
          <h1 className="page-title">Share links</h1>
          <p className={styles.lead}>
            Signed in as <strong>{editor.email}</strong>
          </p>
        </div>
        <SignOutButton csrfToken={editor.csrfToken} />
      </header>

      <section aria-labelledby="links-heading" className={styles.section}>
        <h2 id="links-heading">Links</h2>
        <p id="views-explained" className={styles.explain}>
          <strong>Views</strong> counts the people who opened a link: one browser opening it counts once per {VIEW_WINDOW_MINUTES} minutes,
          however often the page reloads. Editors opening files themselves are not counted.
        </p>
        <LinksTable links={dashboard.links} csrfToken={editor.csrfToken} />
      </section>

      <section aria-labelledby="notifications-heading" className={styles.section}>
        <h2 id="notifications-heading">Notifications</h2>
        <NotificationsPanel panel={notifications} csrfToken={editor.csrfToken} outboxHref={mailRouteOf(getEnv()) === 'sandbox-outbox' ? '/editor/outbox' : undefined} />
      </section>

      <section aria-labelledby="files-heading" className={styles.section}>
        <h2 id="files-heading">Share a gallery file</h2>
        <ShareFileGrid files={dashboard.files} csrfToken={editor.csrfToken} />
        {dashboard.nextFilesCursor ? (
          <p className={styles.more}>
            <Link href={`/editor?files=${encodeURIComponent(dashboard.nextFilesCursor)}`}>More files →</Link>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="activity-heading" className={styles.section}>
        <h2 id="activity-heading">Activity</h2>
        <AuditLog events={dashboard.events} />
      </section>
    </div>
  );
}
