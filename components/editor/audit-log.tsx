'use client';

import { useId, useMemo, useState } from 'react';
import type { DashboardEvent } from '@/lib/editors/dashboard-data';
import { LocalTime } from '../common/local-time';
import styles from './audit-log.module.css';

const EVENT_TEXT: Record<DashboardEvent['type'], string> = {
  created: 'Link created',
  updated: 'Link changed',
  viewed: 'Viewed',
  unlocked: 'Password accepted',
  wrong_password: 'Wrong password',
  revoked: 'Link revoked',
};

const FILTERS = {
  all: { label: 'Everything', types: null },
  views: { label: 'Views and unlocks', types: ['viewed', 'unlocked'] },
  password: { label: 'Wrong passwords', types: ['wrong_password'] },
  editors: { label: 'Link changes', types: ['created', 'updated', 'revoked'] },
} as const satisfies Record<string, { label: string; types: readonly DashboardEvent['type'][] | null }>;

type FilterName = keyof typeof FILTERS;

/** One line of the log: an editor's action, or everything one visitor did on one link. */
type Entry =
  | { kind: 'editor'; key: string; event: DashboardEvent }
  | { kind: 'visitor'; key: string; visitor: string; first: DashboardEvent; events: DashboardEvent[]; counts: Partial<Record<DashboardEvent['type'], number>> };

function visitorName(actor: string): string {
  return `Visitor ${actor.slice('visitor:'.length, 'visitor:'.length + 6)}`;
}

function changeText(detail: DashboardEvent['detail']): string {
  if (!detail) return '';
  const parts: string[] = [];
  if (typeof detail.role === 'string') parts.push(detail.role === 'annotator' ? 'can comment' : 'view only');
  if (typeof detail.commentVisibility === 'string') parts.push(detail.commentVisibility === 'view_all' ? "everyone's comments shown" : 'comments hidden or private');
  if (typeof detail.allowDownload === 'boolean') parts.push(detail.allowDownload ? 'download allowed' : 'no download');
  if ('expiresAt' in detail) parts.push(detail.expiresAt ? 'expiry changed' : 'never expires');
  if (typeof detail.password === 'string') parts.push(`password ${detail.password}`);
  if ('label' in detail) parts.push('label changed');
  if (typeof detail.duplicateOf === 'string') parts.push('a copy of another link');
  // Rows written before edits became one transaction also hold Box's count.
  if (detail.narrowed === true) parts.push(typeof detail.tokensRevoked === 'number' ? `${detail.tokensRevoked} open token(s) revoked` : 'open tokens revoked');
  return parts.join(', ');
}

/** Newest first; a visitor's events on a link fold into one entry placed at their latest event. */
function entriesOf(events: DashboardEvent[]): Entry[] {
  const entries: Entry[] = [];
  const byVisitor = new Map<string, Extract<Entry, { kind: 'visitor' }>>();
  for (const event of events) {
    if (!event.actor.startsWith('visitor:')) {
      entries.push({ kind: 'editor', key: `e${event.id}`, event });
      continue;
    }
    const key = `${event.actor}|${event.linkId}`;
    let entry = byVisitor.get(key);
    if (!entry) {
      entry = { kind: 'visitor', key, visitor: visitorName(event.actor), first: event, events: [], counts: {} };
      byVisitor.set(key, entry);
      entries.push(entry);
    }
    entry.events.push(event);
    entry.counts[event.type] = (entry.counts[event.type] ?? 0) + 1;
  }
  return entries;
}

function countText(type: DashboardEvent['type'], count: number): string {
  if (type === 'viewed') return count === 1 ? 'viewed once' : `viewed ${count} times`;
  if (type === 'wrong_password') return count === 1 ? '1 wrong password' : `${count} wrong passwords`;
  if (type === 'unlocked') return count === 1 ? 'password accepted' : `password accepted ${count} times`;
  return `${EVENT_TEXT[type]} ×${count}`;
}

/** The latest link events: filterable, grouped per visitor, with password failures summed up. */
export function AuditLog({ events }: { events: DashboardEvent[] }) {
  const [filter, setFilter] = useState<FilterName>('all');
  const filterId = useId();
  const shown = useMemo(() => {
    const types: readonly string[] | null = FILTERS[filter].types;
    return entriesOf(types ? events.filter((event) => types.includes(event.type)) : events);
  }, [events, filter]);
  const failures = events.filter((event) => event.type === 'wrong_password');

  if (events.length === 0) return <p className="notice">Nothing has happened yet.</p>;
  const failedVisitors = new Set(failures.map((event) => event.actor)).size;
  const failedLinks = new Set(failures.map((event) => event.linkId)).size;

  return (
    <div className={styles.activity}>
      <div className={styles.toolbar}>
        <label className={styles.filter} htmlFor={filterId}>
          Show
        </label>
        <select id={filterId} value={filter} onChange={(event) => setFilter(event.target.value as FilterName)}>
          {Object.entries(FILTERS).map(([name, { label }]) => (
            <option key={name} value={name}>
              {label}
            </option>
          ))}
        </select>
        <p className={styles.summary} data-testid="password-summary">
          {failures.length === 0
            ? 'No wrong passwords.'
            : `${failures.length} wrong password${failures.length === 1 ? '' : 's'} from ${failedVisitors} visitor${failedVisitors === 1 ? '' : 's'} on ${failedLinks} link${failedLinks === 1 ? '' : 's'}.`}
        </p>
      </div>
      {shown.length === 0 ? (
        <p className="notice">Nothing of this kind yet.</p>
      ) : (
        <ol className={styles.log} aria-label="Activity, newest first">
          {shown.map((entry) =>
            entry.kind === 'editor' ? (
              <li key={entry.key} className={styles.event} data-event-type={entry.event.type}>
                <span className={`${styles.type} ${styles[entry.event.type]}`}>{EVENT_TEXT[entry.event.type]}</span>
                <span className={styles.what}>
                  {entry.event.fileName}
                  {entry.event.label ? <span className={styles.label}> · {entry.event.label}</span> : null}
                  {entry.event.type === 'updated' || entry.event.detail?.duplicateOf ? <span className={styles.label}> ({changeText(entry.event.detail)})</span> : null}
                </span>
                <span className={styles.who}>{entry.event.actor.replace(/^editor:/, '')}</span>
                <span className={styles.when}>
                  <LocalTime iso={entry.event.at} />
                </span>
              </li>
            ) : (
              <li key={entry.key} className={styles.event} data-visitor-events={entry.events.length}>
                <span className={styles.types}>
                  {(Object.entries(entry.counts) as Array<[DashboardEvent['type'], number]>).map(([type, count]) => (
                    <span key={type} className={`${styles.type} ${styles[type]}`} data-count-type={type}>
                      {countText(type, count)}
                    </span>
                  ))}
                </span>
                <span className={styles.what}>
                  {entry.first.fileName}
                  {entry.first.label ? <span className={styles.label}> · {entry.first.label}</span> : null}
                </span>
                <span className={styles.who}>{entry.visitor}</span>
                <span className={styles.when}>
                  <LocalTime iso={entry.first.at} />
                </span>
              </li>
            ),
          )}
        </ol>
      )}
    </div>
  );
}
