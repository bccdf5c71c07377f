import 'server-only';
import { getBoxConnection } from '../box/connection';
import { listGalleryPage } from '../box/folders';
import { getFleetRedis } from '../fleet/redis';
import { log } from '../log';
import { prefetchGalleryListings } from './gallery-policy';

/**
 * A fresh instance fetches its parent token and the gallery listings when it
 * starts (instrumentation.ts), not on its first visitor's request: that
 * request then waits on one Box round trip (the exchange) instead of three
 * (grant, listing, exchange). A failure here costs nothing: requests fetch
 * what is missing as before. With Redis configured it first waits (briefly) for
 * the connection, so a slow start-up joins the fleet's parent token instead of
 * fetching one of its own.
 */
const REDIS_PATIENCE_MS = 10_000;

export async function warmUp(): Promise<void> {
  const started = Date.now();
  try {
    await getFleetRedis()?.ready({ patienceMs: REDIS_PATIENCE_MS });
    await getBoxConnection().auth.current();
    await Promise.all([prefetchGalleryListings(), listGalleryPage()]);
    log.info({ event: 'access.warmed_up', ms: Date.now() - started }, 'parent token and gallery listings ready');
  } catch (error) {
    log.warn(
      { event: 'access.warm_up_failed', ms: Date.now() - started, err: error instanceof Error ? { name: error.name, message: error.message } : String(error) },
      'warm-up failed: the first requests fetch what they need',
    );
  }
}
