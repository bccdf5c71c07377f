import 'server-only';
import { randomBytes } from 'node:crypto';
import { getMetrics } from '../metrics/registry';
import { redisFailed, type RedisClient } from './redis';

/**
 * A short fleet-wide lock: `SET key owner NX PX ttl`, released by a
 * compare-and-delete script so an instance never frees a lock that expired
 * and was taken by another. No Redlock: one Redis, and a lost lock only costs
 * a duplicate Box call, never a wrong answer.
 */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

export async function tryLock(client: RedisClient, key: string, ttlMs: number): Promise<string | undefined> {
  const owner = randomBytes(12).toString('base64url');
  const answer = await client.set(key, owner, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
  return answer === 'OK' ? owner : undefined;
}

export async function releaseLock(client: RedisClient, key: string, owner: string): Promise<boolean> {
  const deleted = await client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [owner] });
  return deleted === 1;
}

export interface OnceOptions<T> {
  client: RedisClient;
  lockKey: string;
  /** For metrics: which lock (token, parent). */
  lockName: string;
  /** The shared value if someone already made it. */
  read: () => Promise<T | undefined>;
  /** Makes the value (and stores it where `read` finds it). */
  compute: () => Promise<T>;
  /** Lock lifetime: longer than a compute normally takes. */
  lockTtlMs: number;
  /** How long a waiter polls before computing on its own. */
  waitMs: number;
  pollMs?: number;
}

export type OnceOutcome = 'computed' | 'joined' | 'timeout';

/**
 * One `compute` fleet-wide: the lock holder computes; the others poll `read`
 * until the value appears, the lock frees up (then they try to take it), or
 * `waitMs` passes, when they compute on their own rather than hang.
 */
export async function fleetOnce<T>(options: OnceOptions<T>): Promise<{ value: T; outcome: OnceOutcome }> {
  const { client, lockKey, lockName } = options;
  const metrics = getMetrics();
  const pollMs = options.pollMs ?? 25;
  const started = performance.now();
  const deadline = Date.now() + options.waitMs;
  let waited = false;
  for (;;) {
    const owner = await tryLock(client, lockKey, options.lockTtlMs).catch((error: unknown) => {
      throw redisFailed('lock', error);
    });
    if (owner) {
      try {
        // Someone may have finished between our last read and our lock.
        const existing = await options.read();
        if (existing !== undefined) return { value: existing, outcome: 'joined' };
        if (waited) metrics.lockWaits.inc({ lock: lockName, result: 'acquired' });
        return { value: await options.compute(), outcome: 'computed' };
      } finally {
        await releaseLock(client, lockKey, owner).catch(() => undefined);
      }
    }
    waited = true;
    if (Date.now() >= deadline) {
      metrics.lockWaits.inc({ lock: lockName, result: 'timeout' });
      metrics.lockWaitSeconds.observe({ lock: lockName }, (performance.now() - started) / 1000);
      return { value: await options.compute(), outcome: 'timeout' };
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const value = await options.read();
    if (value !== undefined) {
      metrics.lockWaits.inc({ lock: lockName, result: 'joined' });
      metrics.lockWaitSeconds.observe({ lock: lockName }, (performance.now() - started) / 1000);
      return { value, outcome: 'joined' };
    }
  }
}
