import type { Sealer } from '../crypto/seal';
import type { Store } from '../db/store';
import { log } from '../log';
import { assertReachableTarget, type TargetPolicy } from './webhook-target';

/**
 * The operator's webhook (NOTIFY_WEBHOOK_URL / NOTIFY_WEBHOOK_SECRET): a
 * webhook_endpoints row owned by no editor, under this fixed id, so every
 * instance writes the same row. `emit` gives it a delivery for every event of
 * every link, which then goes through the same outbox, retries, signing and
 * disabling as editors' webhooks. Editors never see it.
 */
export const OPERATOR_WEBHOOK_ID = '00000000-0000-0000-0000-0000000e5e1a';

export interface OperatorWebhookConfig {
  url?: string;
  /** `whsec_…`; stored only sealed (bound to the endpoint id). */
  secret?: string;
}

export type OperatorWebhookState = 'off' | 'enabled' | 'disabled';

/**
 * Applies the env at start: writes the endpoint live (a restart is the
 * operator's way to enable it again after it was disabled for failing), or
 * disables it when the variables are gone. Logs the host only: the URL's path
 * may carry a token.
 */
export async function reconcileOperatorWebhook(store: Store, config: OperatorWebhookConfig, deps: { secrets: () => Sealer; policy: TargetPolicy; now?: Date }): Promise<void> {
  if (!config.url || !config.secret) {
    const existing = await store.notifications.findEndpoint(OPERATOR_WEBHOOK_ID);
    if (existing && !existing.disabledAt) {
      await store.notifications.disableEndpoint(OPERATOR_WEBHOOK_ID, 'NOTIFY_WEBHOOK_URL is no longer set', deps.now ?? new Date());
      log.info({ event: 'notify.operator_webhook_off' }, 'operator webhook removed (NOTIFY_WEBHOOK_URL unset)');
    }
    return;
  }
  const url = new URL(config.url);
  const before = await store.notifications.putOperatorEndpoint({ id: OPERATOR_WEBHOOK_ID, url: url.toString(), secretSealed: deps.secrets().seal(config.secret, OPERATOR_WEBHOOK_ID) });
  if (before?.disabledAt && before.disabledReason !== 'NOTIFY_WEBHOOK_URL is no longer set') {
    log.warn({ event: 'notify.operator_webhook_reenabled', host: url.host, disabledAt: before.disabledAt.toISOString(), reason: before.disabledReason }, 'operator webhook was disabled; enabled again at start');
  } else {
    log.info({ event: 'notify.operator_webhook', host: url.host }, 'operator webhook receives every event');
  }
  // Where the name points now; a private answer is refused again on every connection.
  await assertReachableTarget(url, deps.policy).catch((error: unknown) => {
    log.warn({ event: 'notify.operator_webhook_unreachable', host: url.host, error: (error as Error).message }, 'NOTIFY_WEBHOOK_URL is refused or does not resolve; deliveries to it will fail');
  });
}

/** For health: whether the operator's webhook is configured and live. */
export async function operatorWebhookState(store: Store, configured: boolean): Promise<OperatorWebhookState> {
  if (!configured) return 'off';
  const endpoint = await store.notifications.findEndpoint(OPERATOR_WEBHOOK_ID);
  return endpoint && !endpoint.disabledAt ? 'enabled' : 'disabled';
}
