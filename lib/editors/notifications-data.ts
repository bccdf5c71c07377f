import 'server-only';
import type { DeliveryView, EmailMode, Store } from '../db/store';
import { DEFAULT_EMAIL_MODE } from '../db/stores/notification-store';
import type { DashboardLink } from './dashboard-data';

/** What the dashboard shows of notifications: per link the email choice and recent deliveries; the editor's webhooks. */
export type DeliveryState = 'sent' | 'retrying' | 'queued' | 'digest' | 'failed';

export interface DashboardDelivery {
  id: number;
  channel: 'email' | 'webhook';
  event: string;
  state: DeliveryState;
  attempts: number;
  error: string | null;
  /** Sent: when; pending: the next attempt. */
  at: string;
  target: string;
}

export interface LinkNotifications {
  linkId: string;
  name: string;
  emailMode: EmailMode;
  deliveries: DashboardDelivery[];
}

export interface DashboardWebhook {
  id: string;
  url: string;
  createdAt: string;
  disabledReason: string | null;
  consecutiveFailures: number;
}

export interface NotificationsPanel {
  links: LinkNotifications[];
  webhooks: DashboardWebhook[];
}

const EVENT_LABEL: Record<string, string> = {
  'link.viewed': 'New visitor',
  'comment.created': 'Comment',
  'decision.made': 'Decision',
  'link.expiring': 'Expires soon',
};

function stateOf(delivery: DeliveryView): DeliveryState {
  if (delivery.status === 'sent') return 'sent';
  if (delivery.status === 'failed') return 'failed';
  if (delivery.lastError) return 'retrying';
  return delivery.digest && delivery.attempts === 0 ? 'digest' : 'queued';
}

export async function loadNotificationsPanel(store: Store, editorId: string, links: readonly DashboardLink[]): Promise<NotificationsPanel> {
  const ownLinkIds = await store.notifications.ownedLinkIds(editorId, links.map((link) => link.id));
  const own = links.filter((link) => ownLinkIds.has(link.id));
  const ids = own.map((link) => link.id);
  const [modes, deliveries, endpoints] = await Promise.all([
    store.notifications.emailModesOf(editorId, ids),
    store.notifications.recentDeliveries(ids, 5),
    store.notifications.endpointsOf(editorId),
  ]);
  return {
    links: own.map((link) => ({
      linkId: link.id,
      name: link.label ? `${link.fileName} · ${link.label}` : link.fileName,
      emailMode: modes.get(link.id) ?? DEFAULT_EMAIL_MODE,
      deliveries: (deliveries.get(link.id) ?? []).map((delivery) => ({
        id: delivery.id,
        channel: delivery.channel,
        event: EVENT_LABEL[delivery.eventType] ?? delivery.eventType,
        state: stateOf(delivery),
        attempts: delivery.attempts,
        error: delivery.lastError,
        at: (delivery.sentAt ?? delivery.nextAttemptAt).toISOString(),
        target: delivery.channel === 'email' ? (delivery.digest ? 'Email (digest)' : 'Email') : `Webhook ${delivery.endpointUrl ? new URL(delivery.endpointUrl).host : ''}`.trim(),
      })),
    })),
    webhooks: endpoints
      .filter((endpoint) => endpoint.disabledReason !== 'removed by the editor')
      .map((endpoint) => ({
        id: endpoint.id,
        url: endpoint.url,
        createdAt: endpoint.createdAt.toISOString(),
        disabledReason: endpoint.disabledAt ? endpoint.disabledReason : null,
        consecutiveFailures: endpoint.consecutiveFailures,
      })),
  };
}
