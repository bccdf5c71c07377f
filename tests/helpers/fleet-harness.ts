import { randomBytes } from 'node:crypto';
import { createFleetListingShare, SharedListingSchema } from '@/lib/access/fleet-folder-listings';
import { createFleetLinkTokens } from '@/lib/access/fleet-link-tokens';
import { CachedTokenSchema, FleetTokenCache } from '@/lib/access/fleet-token-cache';
import { MemoryTokenCache } from '@/lib/access/token-cache';
import { SharedParentSchema } from '@/lib/box/parent-auth';
import { createSealer } from '@/lib/crypto/seal';
import { createFleetRedis, type FleetRedis } from '@/lib/fleet/redis';
import { createSharedValues } from '@/lib/fleet/shared-values';
import type { TestSandbox } from './sandbox';
import { createTokenHarness, type HarnessOptions, type TokenHarness } from './token-harness';

/**
 * "Instances" of Easel's token path in one test process: each has its own
 * Box connection, process memory and Redis client, and they share one Redis
 * under a key prefix of their own, as separate app processes would.
 */
export const FLEET_SECRET = 'a-fleet-test-secret-of-at-least-32-characters';

export interface Fleet {
  prefix: string;
  instance(options?: HarnessOptions): FleetInstance;
  close(): Promise<void>;
}

export interface FleetInstance extends TokenHarness {
  redis: FleetRedis;
}

export function createFleet(sandbox: TestSandbox, redisUrl: string): Fleet {
  const prefix = `test-${randomBytes(4).toString('hex')}:`;
  const clients: FleetRedis[] = [];
  return {
    prefix,
    instance(options = {}) {
      const redis = createFleetRedis(redisUrl, prefix);
      clients.push(redis);
      const values = <T>(namespace: string, schema: import('zod').ZodType<T>) =>
        createSharedValues({ namespace, schema, redis, sealer: createSealer(FLEET_SECRET, `fleet:${namespace}`) })!;
      const harness = createTokenHarness(sandbox, {
        ...options,
        listingShare: createFleetListingShare(values('listing', SharedListingSchema)),
        connection: { ...options.connection, sharedParent: { values: values('parent', SharedParentSchema), key: 'sandbox-app' } },
        tokens: {
          ...options.tokens,
          fleet: {
            cache: new FleetTokenCache(values('token', CachedTokenSchema), new MemoryTokenCache({ max: 1000 })),
            links: createFleetLinkTokens(redis, createSealer(FLEET_SECRET, 'fleet:link-tokens')),
          },
          onFleetReady: (listener) => redis.onReady(listener),
        },
      });
      return { ...harness, redis };
    },
    async close() {
      for (const redis of clients) {
        try {
          redis.client.destroy();
        } catch {
          // already closed
        }
      }
    },
  };
}
