import { jsonResponse } from '../http/json-response';
import type { BoxReachability } from './probe-box';
import type { DatabaseHealth } from './probe-database';

export interface HealthProbes {
  mode: string;
  box: () => Promise<BoxReachability>;
  database: () => Promise<DatabaseHealth>;
  /** The fleet's Redis, when REDIS_URL is set. */
  redis?: () => Promise<'ok' | 'unreachable'>;
  /** The operator's webhook, when NOTIFY_WEBHOOK_URL is set. */
  operatorWebhook?: () => Promise<'enabled' | 'disabled'>;
}

/**
 * 200 only when Box is reachable and the database answers; 503 (degraded)
 * otherwise. Redis unreachable: `degraded` with 200, as views go on from each
 * instance's memory. The operator's webhook disabled after repeated failures:
 * `degraded` with 200 too (the log says why).
 */
export async function healthResponse(probes: HealthProbes): Promise<Response> {
  const [box, database, redis, operatorWebhook] = await Promise.all([
    probes.box(),
    probes.database(),
    probes.redis?.() ?? Promise.resolve(undefined),
    probes.operatorWebhook?.().catch(() => undefined) ?? Promise.resolve(undefined),
  ]);
  const up = box.reachable && database.up;
  const ok = up && redis !== 'unreachable' && operatorWebhook !== 'disabled';
  return jsonResponse(
    { status: ok ? 'ok' : 'degraded', mode: probes.mode, box, database, ...(redis ? { redis } : {}), ...(operatorWebhook ? { operatorWebhook } : {}) },
    { status: up ? 200 : 503 },
  );
}
