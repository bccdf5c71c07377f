import type { NotificationsPanel as PanelData } from '@/lib/editors/notifications-data';
import { LocalTime } from '../common/local-time';
import { EmailModeSelect } from './email-mode-select';
import styles from './notifications-panel.module.css';
import { WebhookList } from './webhook-list';

const STATE_LABEL = { sent: 'Sent', retrying: 'Retrying', queued: 'Queued', digest: 'In next digest', failed: 'Failed' } as const;

/** Per link: the email choice and the latest deliveries (so an editor can see why a mail did not arrive); the editor's webhooks. */
export function NotificationsPanel({ panel, csrfToken, outboxHref }: { panel: PanelData; csrfToken: string; outboxHref?: string }) {
  return (
    <div className={styles.panel}>
      {outboxHref ? (
        <p className={styles.hint}>
          Sandbox mode: mail is not sent but kept in the <a href={outboxHref}>local outbox</a>.
        </p>
      ) : null}
      {panel.links.length === 0 ? <p className="notice">Your links will appear here with their notifications.</p> : null}
      <ul className={styles.links}>
        {panel.links.map((link) => (
          <li key={link.linkId} className={styles.link} data-notify-link-id={link.linkId}>
            <div className={styles.linkHeader}>
              <strong className={styles.name}>{link.name}</strong>
              <EmailModeSelect linkId={link.linkId} mode={link.emailMode} csrfToken={csrfToken} name={link.name} />
            </div>
            {link.deliveries.length === 0 ? (
              <p className={styles.muted}>No notifications yet.</p>
            ) : (
              <ul className={styles.deliveries} aria-label={`Recent notifications for ${link.name}`}>
                {link.deliveries.map((delivery) => (
                  <li key={delivery.id} className={styles.delivery} data-state={delivery.state}>
                    <span className={`${styles.state} ${styles[delivery.state]}`}>{STATE_LABEL[delivery.state]}</span>
                    <span>
                      {delivery.event} · {delivery.target}
                    </span>
                    <span className={styles.muted}>
                      {delivery.state === 'sent' ? '' : delivery.state === 'failed' ? 'gave up ' : 'next '}
                      {delivery.state === 'failed' ? `after ${delivery.attempts} attempt${delivery.attempts === 1 ? '' : 's'}` : <LocalTime iso={delivery.at} />}
                    </span>
                    {delivery.error ? <span className={styles.error}>{delivery.error}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      <h3 className={styles.subheading}>Webhooks</h3>
      <WebhookList webhooks={panel.webhooks} csrfToken={csrfToken} />
    </div>
  );
}
