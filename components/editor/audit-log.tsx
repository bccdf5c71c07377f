import type { DashboardEvent } from '@/lib/editors/dashboard-data';
import { LocalTime } from '../common/local-time';
import styles from './audit-log.module.css';

const EVENT_TEXT: Record<DashboardEvent['type'], string> = {
  created: 'Link created',
  viewed: 'Viewed',
  unlocked: 'Password accepted',
  wrong_password: 'Wrong password',
  revoked: 'Link revoked',
};

function actorText(actor: string): string {
  if (actor.startsWith('editor:')) return actor.slice('editor:'.length);
  if (actor.startsWith('visitor:')) return `Visitor ${actor.slice('visitor:'.length, 'visitor:'.length + 6)}`;
  return actor;
}

/** The latest link events, newest first. */
export function AuditLog({ events }: { events: DashboardEvent[] }) {
  if (events.length === 0) return <p className="notice">Nothing has happened yet.</p>;
  return (
    <ol className={styles.log}>
      {events.map((event) => (
        <li key={event.id} className={styles.event} data-event-type={event.type}>
          <span className={`${styles.type} ${styles[event.type]}`}>{EVENT_TEXT[event.type]}</span>
          <span className={styles.what}>
            {event.fileName}
            {event.label ? <span className={styles.label}> · {event.label}</span> : null}
          </span>
          <span className={styles.who}>{actorText(event.actor)}</span>
          <span className={styles.when}>
            <LocalTime iso={event.at} />
          </span>
        </li>
      ))}
    </ol>
  );
}
