import 'server-only';
import { z } from 'zod';
import { FleetUnavailableError } from '../fleet/redis';
import { createSharedValues, type SharedValues } from '../fleet/shared-values';
import { log } from '../log';
import { getMetrics } from '../metrics/registry';
import type { CachedFileToken, TokenCache } from './token-cache';

/**
 * The token cache of a fleet: Redis first (sealed values, TTL = hand-out
 * window, one exchange per key fleet-wide under a short lock), process memory
 * underneath. Memory is written on every set, so while Redis is unreachable
 * the instance serves what it has and mints what it lacks (degraded mode).
 */
export const CachedTokenSchema = z.object({
  accessToken: z.string().min(1),
  issuedAt: z.number(),
  expiresAt: z.number(),
  scopes: z.array(z.string()),
});

export type MintOutcome = 'computed' | 'joined' | 'timeout' | 'degraded';

/** A miss waits at most this long for another instance's exchange before minting itself. */
const LOCK_WAIT_MS = 5_000;
/** Longer than an exchange normally takes (Box answers in well under a second). */
const LOCK_TTL_MS = 10_000;

export class FleetTokenCache implements TokenCache {
  constructor(
    private readonly shared: SharedValues<CachedFileToken>,
    private readonly local: TokenCache,
  ) {}

  async get(key: string): Promise<CachedFileToken | undefined> {
    try {
      return await this.shared.get(key);
    } catch (error) {
      degradedOrThrow(error, 'get');
      return this.local.get(key);
    }
  }

  async set(key: string, value: CachedFileToken, ttlMs: number): Promise<void> {
    await this.local.set(key, value, ttlMs);
    try {
      await this.shared.set(key, value, ttlMs);
    } catch (error) {
      degradedOrThrow(error, 'set');
    }
  }

  async delete(key: string): Promise<void> {
    await this.local.delete(key);
    try {
      await this.shared.delete(key);
    } catch (error) {
      degradedOrThrow(error, 'delete');
    }
  }

  /**
   * One mint per key for the whole fleet: `usable` decides whether a cached
   * token will do; `mint` exchanges (and stores through `set`).
   */
  async mintOnce(key: string, usable: (token: CachedFileToken) => boolean, mint: () => Promise<CachedFileToken>): Promise<{ token: CachedFileToken; outcome: MintOutcome }> {
    const read = async () => {
      const token = await this.shared.get(key);
      return token && usable(token) ? token : undefined;
    };
    try {
      const { value, outcome } = await this.shared.once(key, read, mint, { lockTtlMs: LOCK_TTL_MS, waitMs: LOCK_WAIT_MS });
      return { token: value, outcome };
    } catch (error) {
      degradedOrThrow(error, 'mint');
      getMetrics().degradedMints.inc();
      log.warn({ event: 'tokens.degraded_mint' }, 'Redis unreachable: minting without the fleet lock');
      return { token: await mint(), outcome: 'degraded' };
    }
  }
}

function degradedOrThrow(error: unknown, op: string): void {
  if (!(error instanceof FleetUnavailableError)) throw error;
  log.debug({ event: 'tokens.cache_degraded', op }, 'token cache: Redis unreachable, using process memory');
}

/** The fleet cache over `local`, or undefined when REDIS_URL is not set. */
export function createFleetTokenCache(local: TokenCache, shared?: SharedValues<CachedFileToken>): FleetTokenCache | undefined {
  const values = shared ?? createSharedValues({ namespace: 'token', schema: CachedTokenSchema });
  return values ? new FleetTokenCache(values, local) : undefined;
}
