import 'server-only';
import { resolveSessionSecret } from '../auth/session-secret';
import { getEnv, modeOf, type Env } from '../config/env';
import { createSealer, type Sealer } from '../crypto/seal';
import { processSingleton } from '../process-singleton';
import type { TargetPolicy } from './webhook-target';

/**
 * Notification settings for routes and pages. Kept apart from the worker
 * (notification-service.ts), which renders mail with react-dom/server and is
 * loaded only by the instrumentation hook.
 */
/** How mail leaves this instance: SMTP, the sandbox outbox page, or not at all. */
export type MailRoute = 'smtp' | 'sandbox-outbox' | 'none';

export function mailRouteOf(env: Env): MailRoute {
  if (env.SMTP_URL) return 'smtp';
  return modeOf(env) === 'sandbox' ? 'sandbox-outbox' : 'none';
}

export function webhookPolicyOf(env: Env): TargetPolicy {
  return { allowPrivate: env.WEBHOOK_ALLOW_PRIVATE === '1' };
}

/** Seals webhook signing secrets at rest (key derived from SESSION_SECRET, bound to the endpoint id). */
export function webhookSecrets(env: Env = getEnv()): Sealer {
  return processSingleton('notify.webhook_sealer', () => createSealer(resolveSessionSecret(env), 'webhook-secret'));
}

export const appUrlOf = (env: Env): string => env.APP_URL ?? `http://localhost:${env.PORT}`;
