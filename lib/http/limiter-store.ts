import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { getFleetRedis, type FleetRedis } from '../fleet/redis';

/**
 * Where rate-limit counters live: process memory for one instance, Redis
 * (rate-limiter-flexible's Redis limiter, same key prefix and rules) when
 * REDIS_URL is set, so a limit of 5 stays 5 for the whole fleet. While Redis
 * is unreachable each instance counts in memory (the insurance limiter):
 * limits keep working, per instance, until Redis is back.
 */
export interface LimiterRules {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export interface LimiterStore {
  limiter: RateLimiterAbstract;
  /** Waits (briefly, right after start) for Redis, so the first requests count fleet-wide too. */
  ready(): Promise<unknown>;
}

/** `redis`: the fleet's connection (default: from REDIS_URL); null for memory only. */
export function createLimiterStore(rules: LimiterRules, redis: FleetRedis | null | undefined = getFleetRedis()): LimiterStore {
  const memory = new RateLimiterMemory({ keyPrefix: rules.keyPrefix, points: rules.points, duration: rules.durationSeconds });
  if (!redis) return { limiter: memory, ready: () => Promise.resolve() };
  const limiter = new RateLimiterRedis({
    storeClient: redis.client,
    useRedisPackage: true,
    rejectIfRedisNotReady: true,
    keyPrefix: `${redis.prefix}rl:${rules.keyPrefix}`,
    points: rules.points,
    duration: rules.durationSeconds,
    insuranceLimiter: memory,
  });
  return { limiter, ready: () => redis.ready() };
}
