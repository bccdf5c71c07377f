import { RateLimiterRes } from 'rate-limiter-flexible';
import { getEnv } from '../config/env';
import { ApiError, type RateLimitName } from './api-error';
import { createLimiterStore } from './limiter-store';
import type { FleetRedis } from '../fleet/redis';
import { processSingleton } from '../process-singleton';

/**
 * Per-client request limits (fixed window; in memory, or in Redis for a fleet: limiter-store.ts). `consume` throws
 * ApiError rate_limited with Retry-After once a client is over its limit.
 * One limiter per purpose: tokens, login attempts, link passwords...
 */
export interface RateLimiter {
  consume(clientKey: string): Promise<void>;
  /** Forget a client's count (e.g. after a successful login). */
  reset(clientKey: string): Promise<void>;
}

export interface RateLimiterOptions {
  /** Name used in the error code (`rate_limited:<name>`) and as the key prefix. */
  name: RateLimitName;
  points: number;
  durationSeconds: number;
  message?: string;
  /** Where counts live (default: Redis when REDIS_URL is set, else memory). */
  redis?: FleetRedis | null;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rules = { keyPrefix: options.name, points: options.points, durationSeconds: options.durationSeconds };
  const { limiter, ready } = 'redis' in options ? createLimiterStore(rules, options.redis) : createLimiterStore(rules);
  const message = options.message ?? 'Too many requests. Slow down and try again shortly.';
  return {
    async consume(clientKey) {
      await ready();
      try {
        await limiter.consume(clientKey);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          throw new ApiError(`rate_limited:${options.name}`, message, { retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) });
        }
        throw rejection;
      }
    },
    async reset(clientKey) {
      await ready();
      await limiter.delete(clientKey);
    },
  };
}

/** The token routes' limit: TOKEN_RATE_LIMIT_PER_MINUTE per client. */
function createTokenRateLimiter(pointsPerMinute = getEnv().TOKEN_RATE_LIMIT_PER_MINUTE): RateLimiter {
  return createRateLimiter({ name: 'token', points: pointsPerMinute, durationSeconds: 60 });
}

/** The process-wide token-route limiter (shared by file and link token routes). */
export function getTokenRateLimiter(): RateLimiter {
  return processSingleton('limiter.token', () => createTokenRateLimiter());
}
