import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { processSingleton } from '../process-singleton';

/**
 * Easel's Prometheus metrics, one registry per process (served by
 * GET /api/metrics). Labels are closed sets: never an id, a token or a URL.
 */
export interface EaselMetrics {
  registry: Registry;
  /** Token requests by outcome: hit, miss (this instance minted), joined (waited for a mint), refused (grant said no). */
  tokenRequests: Counter<'outcome'>;
  /** Token requests' duration inside the token service, by outcome. */
  tokenDuration: Histogram<'outcome'>;
  /** Calls to Box by kind (see BoxCallKind) and HTTP status (0 = no answer). */
  boxCalls: Counter<'kind' | 'status'>;
  boxLatency: Histogram<'kind'>;
  /** Parent-token grants made by this instance, by reason (expiring, rejected, adopted = taken from the fleet). */
  parentRefreshes: Counter<'reason'>;
  /** Waits on a fleet lock, by result (acquired, joined = someone else's value appeared, timeout). */
  lockWaits: Counter<'lock' | 'result'>;
  lockWaitSeconds: Histogram<'lock'>;
  /** Failed Redis operations by operation. */
  redisErrors: Counter<'op'>;
  /** Tokens minted while Redis was unreachable (not shared with the fleet). */
  degradedMints: Counter;
  /** 1 while Redis is configured but unreachable. */
  redisDegraded: Gauge;
  /** Token mints waiting in this process (single-flight entries in flight). */
  mintsInFlight: Gauge;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics(): EaselMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    tokenRequests: new Counter({ name: 'easel_token_requests_total', help: 'Token requests by cache outcome', labelNames: ['outcome'], registers }),
    tokenDuration: new Histogram({ name: 'easel_token_request_duration_seconds', help: 'Time to answer a token request in the token service', labelNames: ['outcome'], buckets: LATENCY_BUCKETS, registers }),
    boxCalls: new Counter({ name: 'easel_box_calls_total', help: 'Calls to Box by kind and HTTP status', labelNames: ['kind', 'status'], registers }),
    boxLatency: new Histogram({ name: 'easel_box_call_duration_seconds', help: 'Box call latency by kind', labelNames: ['kind'], buckets: LATENCY_BUCKETS, registers }),
    parentRefreshes: new Counter({ name: 'easel_parent_token_refreshes_total', help: 'Parent token refreshes by reason', labelNames: ['reason'], registers }),
    lockWaits: new Counter({ name: 'easel_lock_waits_total', help: 'Waits on a fleet lock by result', labelNames: ['lock', 'result'], registers }),
    lockWaitSeconds: new Histogram({ name: 'easel_lock_wait_seconds', help: 'Time spent waiting on a fleet lock', labelNames: ['lock'], buckets: LATENCY_BUCKETS, registers }),
    redisErrors: new Counter({ name: 'easel_redis_errors_total', help: 'Failed Redis operations', labelNames: ['op'], registers }),
    degradedMints: new Counter({ name: 'easel_degraded_mints_total', help: 'Tokens minted while Redis was unreachable', registers }),
    redisDegraded: new Gauge({ name: 'easel_redis_degraded', help: '1 while Redis is configured but unreachable', registers }),
    mintsInFlight: new Gauge({ name: 'easel_token_mints_in_flight', help: 'Token mints in flight in this process (queue depth)', registers }),
  };
}

export function getMetrics(): EaselMetrics {
  return processSingleton('metrics', createMetrics);
}

/**
 * What a call to Box was for (the `kind` label):
 * - `grant`: a parent token (JWT/CCG grant at /oauth2/token);
 * - `exchange`: a downscoped token (token exchange at /oauth2/token);
 * - `revoke`: /oauth2/revoke;
 * - `check`: whether a file token still works (GET /2.0/files/:id with that token);
 * - `file`: file metadata (GET /2.0/files/:id, 304 when unchanged);
 * - `folder`: a folder listing (GET /2.0/folders/:id/items, one per page);
 * - `thumbnail`: GET /2.0/files/:id/thumbnail.jpg (202 pending, 302 placeholder);
 * - `annotations`: a page of a file's annotations;
 * - `health`: the health route's probes (Box reachability; the set-up check behind
 *   `/api/health?deep=1` and `npm run box:check`, lib/box/setup-probes.ts).
 */
export type BoxCallKind = 'grant' | 'exchange' | 'revoke' | 'check' | 'file' | 'folder' | 'thumbnail' | 'annotations' | 'health';

export interface BoxCallStatus<T> {
  /** Box's status when the call answered (default 200: the SDK throws on every error status). */
  status?: (result: T) => number;
  /** Box's status for a failure the SDK reports without one (e.g. a 304 it could not "follow"). */
  errorStatus?: (error: unknown) => number | undefined;
}

/**
 * Times one call to Box and counts it by kind and status (the status is read
 * from the error when it fails). One call is what the caller asked for: the
 * SDK's retries (429/5xx, one 401 refresh) happen inside it, and the status is
 * the last answer's. Every Box call in lib/box (and lib/health's reachability probe) goes
 * through here once, with its own kind; a grant an API call needs is a call of
 * its own (`grant`).
 */
export async function timeBoxCall<T>(kind: BoxCallKind, call: () => Promise<T>, options: BoxCallStatus<T> = {}): Promise<T> {
  const metrics = getMetrics();
  const started = performance.now();
  try {
    const result = await call();
    metrics.boxCalls.inc({ kind, status: String(options.status?.(result) ?? 200) });
    return result;
  } catch (error) {
    metrics.boxCalls.inc({ kind, status: String(options.errorStatus?.(error) ?? statusOf(error)) });
    throw error;
  } finally {
    metrics.boxLatency.observe({ kind }, (performance.now() - started) / 1000);
  }
}

function statusOf(error: unknown): number {
  if (error && typeof error === 'object') {
    const record = error as { status?: unknown; responseInfo?: { statusCode?: unknown } };
    if (typeof record.responseInfo?.statusCode === 'number') return record.responseInfo.statusCode;
    if (typeof record.status === 'number') return record.status;
  }
  return 0;
}
