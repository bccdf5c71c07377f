import 'server-only';
import { resolveSessionSecret } from '../auth/session-secret';
import { getEnv } from '../config/env';
import { createSealer, type Sealer } from '../crypto/seal';
import { getFleetRedis, redisFailed, type FleetRedis, type RedisClient } from '../fleet/redis';

/**
 * Fleet-wide bookkeeping of share-link tokens in Redis: per link, a hash of
 * the tokens any instance minted (sealed, the link id bound as context) and a
 * revocation epoch. A minting instance records its token and then re-reads
 * the epoch; a revoking instance bumps the epoch and then lists the tokens:
 * Redis orders the two, so every token is either revoked by the revoker or
 * taken back by its minter. Every method throws FleetUnavailableError when
 * Redis is unreachable.
 */
export interface FleetLinkToken {
  hash: string;
  accessToken: string;
  cacheKey: string;
  expiresAt: number;
}

export interface FleetLinkTokens {
  epoch(linkId: string): Promise<number>;
  /** Bumps the link's epoch: mints racing the revocation will not be handed out. */
  bumpEpoch(linkId: string): Promise<number>;
  record(linkId: string, token: FleetLinkToken): Promise<void>;
  /** Tokens of the link recorded by any instance and not expired. */
  list(linkId: string): Promise<FleetLinkToken[]>;
  forget(linkId: string, hashes: readonly string[]): Promise<void>;
}

/** Epochs outlive every token (Box's downscoped tokens live one hour at most). */
const EPOCH_TTL_MS = 24 * 3_600_000;
const GRACE_MS = 60_000;

export function createFleetLinkTokens(redis: FleetRedis, sealer: Sealer, now: () => number = Date.now): FleetLinkTokens {
  const tokensKey = (linkId: string) => `${redis.prefix}link:${linkId}:tokens`;
  const epochKey = (linkId: string) => `${redis.prefix}link:${linkId}:epoch`;

  async function run<T>(op: string, action: (client: RedisClient) => Promise<T>): Promise<T> {
    const client = await redis.ready();
    if (!client) throw redisFailed(op, new Error('Redis is unreachable'));
    try {
      return await action(client);
    } catch (error) {
      throw redisFailed(op, error);
    }
  }

  return {
    epoch: (linkId) => run('link_epoch', async (client) => Number((await client.get(epochKey(linkId))) ?? 0)),
    bumpEpoch: (linkId) =>
      run('link_epoch', async (client) => {
        const [epoch] = await client.multi().incr(epochKey(linkId)).pExpire(epochKey(linkId), EPOCH_TTL_MS).exec();
        return Number(epoch);
      }),
    record: (linkId, token) =>
      run('link_tokens', async (client) => {
        const key = tokensKey(linkId);
        const sealed = sealer.seal(JSON.stringify({ accessToken: token.accessToken, cacheKey: token.cacheKey, expiresAt: token.expiresAt }), linkId);
        const ttlMs = Math.max(1, token.expiresAt - now() + GRACE_MS);
        // NX sets a first expiry, GT only ever extends it: the hash lives as long as its longest token.
        await client.multi().hSet(key, token.hash, sealed).pExpire(key, ttlMs, 'NX').pExpire(key, ttlMs, 'GT').exec();
      }),
    list: (linkId) =>
      run('link_tokens', async (client) => {
        const entries = await client.hGetAll(tokensKey(linkId));
        const at = now();
        const tokens: FleetLinkToken[] = [];
        for (const [hash, sealed] of Object.entries(entries)) {
          const opened = sealer.open(sealed, linkId);
          if (!opened) continue;
          const value = JSON.parse(opened) as Omit<FleetLinkToken, 'hash'>;
          if (value.expiresAt > at) tokens.push({ hash, ...value });
        }
        return tokens;
      }),
    forget: (linkId, hashes) =>
      run('link_tokens', async (client) => {
        if (hashes.length > 0) await client.hDel(tokensKey(linkId), [...hashes]);
      }),
  };
}

/** Undefined when REDIS_URL is not set. */
export function fleetLinkTokensFromEnv(): FleetLinkTokens | undefined {
  const redis = getFleetRedis();
  if (!redis) return undefined;
  return createFleetLinkTokens(redis, createSealer(resolveSessionSecret(getEnv()), 'fleet:link-tokens'));
}
