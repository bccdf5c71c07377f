import type { DashboardLink } from '@/lib/editors/dashboard-data';
import { LocalTime } from '../common/local-time';
import { FeedbackSummary } from './feedback-summary';
import { LinkActions } from './link-actions';
import styles from './links-table.module.css';

const STATE_LABEL = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

/** Every link with its settings, views and state. Labels are plain text (React escapes them). */
export function LinksTable({ links, csrfToken }: { links: DashboardLink[]; csrfToken: string }) {
  if (links.length === 0) return <p className="notice">No links yet. Share a gallery file below to create one.</p>;
  return (
    <div className={styles.scroller}>
      <table className={styles.table} aria-describedby="views-explained">
        <thead>
          <tr>
            <th scope="col">Artwork</th>
            <th scope="col">For</th>
            <th scope="col">Access</th>
            <th scope="col">Expires</th>
            <th scope="col">Views</th>
            <th scope="col">Feedback</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className={styles.visuallyHidden}>Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {links.map((link) => (
            <tr key={link.id} data-link-id={link.id} data-state={link.state}>
              <td data-label="Artwork" className={styles.file}>
                {link.fileName}
                {link.fileCount > 1 ? <span className={styles.muted}> + {link.fileCount - 1} more</span> : null}
              </td>
              <td data-label="For" className={styles.label}>{link.label ?? <span className={styles.muted}>—</span>}</td>
              <td data-label="Access">
                <span className={styles.badges}>
                  <span className={styles.badge}>{link.role === 'annotator' ? 'Can comment' : 'View only'}</span>
                  {link.role === 'viewer' && link.commentVisibility === 'view_all' ? <span className={styles.badge}>Shows comments</span> : null}
                  {link.hasPassword ? <span className={styles.badge}>Password</span> : null}
                  {link.allowDownload ? <span className={styles.badge}>Download</span> : null}
                </span>
              </td>
              <td data-label="Expires" className={styles.nowrap}>{link.expiresAt ? <LocalTime iso={link.expiresAt} /> : <span className={styles.muted}>Never</span>}</td>
              <td data-label="Views" className={styles.views}>
                <span data-testid="view-count">{link.viewCount}</span>
                {link.lastViewedAt ? (
                  <span className={styles.lastViewed}>
                    last <LocalTime iso={link.lastViewedAt} />
                  </span>
                ) : null}
              </td>
              <td data-label="Feedback">
                <FeedbackSummary linkId={link.id} feedback={link.feedback} role={link.role} />
              </td>
              <td data-label="Status">
                <span className={`${styles.state} ${styles[link.state]}`}>{STATE_LABEL[link.state]}</span>
              </td>
              <td className={styles.actionsCell}>
                <LinkActions link={link} csrfToken={csrfToken} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
