import 'server-only';
import type { z } from 'zod';
import { resolveSessionSecret } from '../auth/session-secret';
import { getEnv } from '../config/env';
import { createSealer, type Sealer } from '../crypto/seal';
import { fleetOnce, type OnceOutcome } from './lock';
import { getFleetRedis, redisFailed, type FleetRedis, type RedisClient } from './redis';

/**
 * Secret values shared by the fleet in Redis: JSON, sealed with AES-256-GCM
 * (lib/crypto/seal.ts, key derived from SESSION_SECRET for this purpose, the
 * Redis key bound as context), with a TTL, so a Redis dump holds no usable
 * token. Every method throws when Redis is unreachable; callers degrade.
 */
export interface SharedValues<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** One `compute` per key fleet-wide (see fleetOnce); `read` decides whether a stored value will do. */
  once(key: string, read: () => Promise<T | undefined>, compute: () => Promise<T>, timing: { lockTtlMs: number; waitMs: number }): Promise<{ value: T; outcome: OnceOutcome }>;
}

export interface SharedValuesOptions<T> {
  /** Key namespace and sealing purpose, e.g. `token` or `parent`. */
  namespace: string;
  schema: z.ZodType<T>;
  redis?: FleetRedis;
  sealer?: Sealer;
}

/** Undefined when REDIS_URL is not set. */
export function createSharedValues<T>(options: SharedValuesOptions<T>): SharedValues<T> | undefined {
  const redis = options.redis ?? getFleetRedis();
  if (!redis) return undefined;
  const sealer = options.sealer ?? createSealer(resolveSessionSecret(getEnv()), `fleet:${options.namespace}`);
  const fullKey = (key: string) => `${redis.prefix}${options.namespace}:${key}`;
  const op = `${options.namespace}`;

  async function connected(): Promise<RedisClient> {
    const client = await redis!.ready();
    if (!client) throw redisFailed(op, new Error('Redis is unreachable'));
    return client;
  }

  async function get(key: string): Promise<T | undefined> {
    const client = await connected();
    let raw: string | null;
    try {
      raw = await client.get(fullKey(key));
    } catch (error) {
      throw redisFailed(op, error);
    }
    if (raw === null) return undefined;
    const opened = sealer.open(raw, fullKey(key));
    if (opened === undefined) return undefined;
    try {
      const parsed = options.schema.safeParse(JSON.parse(opened));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    get,
    async set(key, value, ttlMs) {
      if (ttlMs <= 0) return;
      const client = await connected();
      try {
        await client.set(fullKey(key), sealer.seal(JSON.stringify(value), fullKey(key)), { expiration: { type: 'PX', value: Math.ceil(ttlMs) } });
      } catch (error) {
        throw redisFailed(op, error);
      }
    },
    async delete(key) {
      const client = await connected();
      try {
        await client.del(fullKey(key));
      } catch (error) {
        throw redisFailed(op, error);
      }
    },
    async once(key, read, compute, timing) {
      const client = await connected();
      // Redis failures surface as FleetUnavailableError; compute's own (Box said no) pass through.
      return fleetOnce({ client, lockKey: `${fullKey(key)}:lock`, lockName: options.namespace, read, compute, ...timing });
    },
  };
}
