import 'server-only';
import { createClient, type RedisClientType } from 'redis';
import { getEnv } from '../config/env';
import { log } from '../log';
import { getMetrics } from '../metrics/registry';
import { processSingleton } from '../process-singleton';

/**
 * The process's one Redis client (node-redis), when REDIS_URL is set. Commands
 * fail fast while Redis is unreachable (no offline queue, short timeouts), so
 * callers can fall back to process memory (degraded mode) instead of hanging;
 * the client reconnects on its own with a capped backoff. The URL, which may
 * hold a password, is never logged.
 */
export type RedisClient = RedisClientType<{}, {}, {}, 3, {}>; // eslint-disable-line @typescript-eslint/no-empty-object-type -- node-redis's own defaults

export interface FleetRedis {
  client: RedisClient;
  /** Key prefix for every key Easel writes (REDIS_KEY_PREFIX). */
  prefix: string;
  /**
   * The client when connected; undefined while Redis is unreachable. Waits for the
   * first connection at most briefly after start, or up to `patienceMs` when given.
   */
  ready(options?: { patienceMs?: number }): Promise<RedisClient | undefined>;
  /** True when Redis is configured but not connected right now. */
  degraded(): boolean;
  /** Runs `listener` every time the connection (re)opens. */
  onReady(listener: () => void): void;
}

/** Only bounds a command's wait to be written; once sent, the socket checks below bound it. */
const COMMAND_TIMEOUT_MS = 500;
/**
 * A Redis that accepts the connection but stops answering (a hung or paused server)
 * closes the socket after this much silence, failing its commands so callers fall back
 * to memory; pings keep a healthy idle connection from tripping it.
 */
const SOCKET_TIMEOUT_MS = 5_000;
const PING_INTERVAL_MS = 1_000;
const CONNECT_TIMEOUT_MS = 1_000;
const FIRST_CONNECT_WAIT_MS = 1_500;
const MAX_RECONNECT_DELAY_MS = 2_000;

export function createFleetRedis(url: string, prefix: string): FleetRedis {
  const metrics = getMetrics();
  const listeners: Array<() => void> = [];
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    pingInterval: PING_INTERVAL_MS,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
  });
  let wasReady = false;
  let lastErrorLogAt = 0;
  client.on('ready', () => {
    metrics.redisDegraded.set(0);
    if (wasReady) log.warn({ event: 'redis.reconnected' }, 'Redis is reachable again: shared state restored');
    wasReady = true;
    for (const listener of listeners) listener();
  });
  client.on('error', (error: unknown) => {
    metrics.redisDegraded.set(1);
    metrics.redisErrors.inc({ op: 'connection' });
    // One line per few seconds while down, not one per retry.
    if (Date.now() - lastErrorLogAt > 5_000) {
      lastErrorLogAt = Date.now();
      log.error({ event: 'redis.unreachable', reason: error instanceof Error ? error.message : 'unknown' }, 'Redis is unreachable: serving from process memory (degraded)');
    }
  });
  // Callers wait for the first connection only within this window after start; later, an
  // unreachable Redis answers at once (degraded) while the client keeps reconnecting.
  const firstWindowEndsAt = Date.now() + FIRST_CONNECT_WAIT_MS;
  void client.connect().catch(() => undefined);
  let nextReady: Promise<void> | undefined;
  const whenReady = () =>
    (nextReady ??= new Promise<void>((resolve) =>
      client.once('ready', () => {
        nextReady = undefined;
        resolve();
      }),
    ));

  return {
    client,
    prefix,
    async ready(options) {
      const waitMs = Math.max(firstWindowEndsAt - Date.now(), options?.patienceMs ?? 0);
      if (!client.isReady && waitMs > 0) {
        await Promise.race([whenReady(), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
      }
      // After a stalled event loop the timer can fire before an already open socket is
      // seen: let pending I/O run once before calling Redis unreachable.
      if (!client.isReady) await new Promise((resolve) => setImmediate(resolve));
      return client.isReady ? client : undefined;
    },
    degraded() {
      return !client.isReady;
    },
    onReady(listener) {
      listeners.push(listener);
    },
  };
}

/** The process-wide Redis connection, or undefined when REDIS_URL is not set (one instance, memory only). */
export function getFleetRedis(): FleetRedis | undefined {
  const { REDIS_URL, REDIS_KEY_PREFIX } = getEnv();
  if (!REDIS_URL) return undefined;
  return processSingleton('fleet.redis', () => createFleetRedis(REDIS_URL, REDIS_KEY_PREFIX));
}

/** Redis could not answer: the caller falls back to process memory (or, for revocation, fails closed). */
export class FleetUnavailableError extends Error {
  constructor(op: string, cause: unknown) {
    super(`Redis unavailable during ${op}: ${cause instanceof Error ? cause.message : 'unknown'}`);
    this.name = 'FleetUnavailableError';
  }
}

/** Counts a failed Redis operation and wraps it (the caller decides how to degrade). */
export function redisFailed(op: string, error: unknown): FleetUnavailableError {
  if (error instanceof FleetUnavailableError) return error;
  getMetrics().redisErrors.inc({ op });
  return new FleetUnavailableError(op, error);
}
