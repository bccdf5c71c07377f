import 'server-only';
import { z } from 'zod';
import type { FolderFileIds } from '../box/types';
import { FleetUnavailableError } from '../fleet/redis';
import { createSharedValues, type SharedValues } from '../fleet/shared-values';
import { log } from '../log';
import type { Listed, ListingShare } from './gallery-policy';

/**
 * The gallery policy's folder listings shared by a fleet in Redis: sealed like
 * every shared value, kept for the listing's lifetime only, and fetched under
 * the fleet lock, so N instances list a gallery folder once per lifetime, not
 * N times. A listing keeps the time Box answered it (`listedAt`): an instance
 * that reads it from Redis ages it from then, never from its own read, so no
 * copy outlives the lifetime. Redis unreachable → the instance lists on its
 * own, as a single instance does (degraded, never a failure).
 */
export const SharedListingSchema = z.object({
  ids: z.array(z.string()),
  listedAt: z.number(),
});

export type SharedListing = z.infer<typeof SharedListingSchema>;

/** A waiter gives up on another instance's listing after this long and lists on its own. */
const LOCK_WAIT_MS = 5_000;
/** Longer than a listing normally takes (Box answers in well under a second). */
const LOCK_TTL_MS = 10_000;

export function createFleetListingShare(shared: SharedValues<SharedListing>): ListingShare {
  return {
    async fetch(folderId, { list, ttlMs, now }) {
      const fresh = (entry: SharedListing | undefined) => (entry && now() - entry.listedAt < ttlMs ? entry : undefined);
      // A clock ahead of ours must not stretch the lifetime.
      const listed = (entry: SharedListing): Listed<FolderFileIds> => ({ value: { ids: new Set(entry.ids) }, at: Math.min(entry.listedAt, now()) });
      try {
        const known = fresh(await shared.get(folderId));
        if (known) return listed(known);
        const { value } = await shared.once(
          folderId,
          async () => fresh(await shared.get(folderId)),
          async () => {
            const listing = await list();
            const entry = { ids: [...listing.ids], listedAt: now() };
            // Storing is best effort: the listing is good whether or not the fleet sees it.
            await shared.set(folderId, entry, ttlMs).catch((error: unknown) => degradedOrThrow(error, 'set'));
            return entry;
          },
          { lockTtlMs: LOCK_TTL_MS, waitMs: LOCK_WAIT_MS },
        );
        return listed(value);
      } catch (error) {
        degradedOrThrow(error, 'fetch');
        return { value: await list(), at: now() };
      }
    },
  };
}

function degradedOrThrow(error: unknown, op: string): void {
  if (!(error instanceof FleetUnavailableError)) throw error;
  log.debug({ event: 'access.listing_degraded', op }, 'gallery listing: Redis unreachable, listing on this instance');
}

/** The fleet's listing share, or undefined when REDIS_URL is not set. */
export function createDefaultListingShare(): ListingShare | undefined {
  const values = createSharedValues({ namespace: 'listing', schema: SharedListingSchema });
  return values ? createFleetListingShare(values) : undefined;
}
