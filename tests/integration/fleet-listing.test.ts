import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTWORK_FOLDER_ID, SAMPLE_FILES } from '@/lib/sandbox/catalog';
import { createFleet, type Fleet, type FleetInstance } from '@/tests/helpers/fleet-harness';
import { sandboxForThisFile } from '@/tests/helpers/sandbox';
import type { HarnessOptions } from '@/tests/helpers/token-harness';
import { startRedisServer, type RedisServer } from '@/tests/setup/redis-server';

/**
 * The gallery policy's folder listing shared by a fleet in Redis: N instances
 * list the gallery folder once per listing lifetime; Redis down, each lists
 * on its own; a shared copy ages from when Box answered it, never longer, and
 * the last good copy still stands in while Box fails.
 */
const sandbox = sandboxForThisFile();
const galleryIds = SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID).map((file) => file.id);
const LISTING_PATH = `/2.0/folders/${ARTWORK_FOLDER_ID}/items`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function redisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: install Debian redis-server (tests/setup/redis.ts starts it).');
  return url;
}

/** Box listings of the gallery folder since the sandbox's last reset. */
async function galleryListings(): Promise<number> {
  return (await sandbox.current.requestsSince(0)).filter((entry) => entry.method === 'GET' && entry.path === LISTING_PATH).length;
}

const fleets: Fleet[] = [];
/** A new fleet on one Redis: each call of the answer starts one more instance. */
function fleetOf(options: HarnessOptions = {}, url = redisUrl()): () => FleetInstance {
  const fleet = createFleet(sandbox.current, url);
  fleets.push(fleet);
  return () => fleet.instance({ ratePerMinute: 10_000, ...options });
}

afterAll(async () => {
  await Promise.all(fleets.map((fleet) => fleet.close()));
});

describe('the gallery listing shared by the fleet', () => {
  it('four instances on one Redis, 80 concurrent cold views: the gallery folder is listed exactly once', async () => {
    expect(galleryIds.length).toBeGreaterThanOrEqual(4);
    const next = fleetOf();
    const fleet = [next(), next(), next(), next()];
    // Connected first: a connection still opening counts as Redis down (each would list on its own).
    await Promise.all(fleet.map((instance) => instance.redis.ready()));
    const requests = Array.from({ length: 80 }, (_, index) => ({ id: galleryIds[index % galleryIds.length]!, instance: fleet[index % 4]! }));
    const responses = await Promise.all(requests.map(({ id, instance }) => instance.request(id)));
    expect(responses.map((response) => response.status)).toEqual(requests.map(() => 200));
    expect(await galleryListings()).toBe(1);
  });

  it('a shared listing ages from when Box answered it: an instance that read it from Redis lists again once that lifetime is over', async () => {
    const next = fleetOf({ policy: { ttlMs: 1_500 } });
    const [a, b] = [next(), next()];
    expect((await a.request(galleryIds[0]!)).status).toBe(200);
    const listedBy = Date.now(); // Box answered A's listing before this
    expect(await galleryListings()).toBe(1);

    await sleep(300);
    expect((await b.request(galleryIds[1]!)).status).toBe(200);
    expect(await galleryListings()).toBe(1); // B used A's listing

    await sleep(listedBy + 1_700 - Date.now());
    // Past A's listing's lifetime (though not 1.5 s past B's read of it): B asks Box again.
    expect((await b.request(galleryIds[2]!)).status).toBe(200);
    expect(await galleryListings()).toBe(2);
  });
});

describe('the gallery listing with Redis down', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('each instance lists the gallery folder on its own (as one instance does), and views answer 200', async () => {
    const next = fleetOf({}, server.url);
    const [a, b, c] = [next(), next(), next()];
    expect((await a.request(galleryIds[0]!)).status).toBe(200);
    expect(await galleryListings()).toBe(1);

    await server.stop(true);
    const during = await Promise.all([b.request(galleryIds[1]!), c.request(galleryIds[2]!), a.request(galleryIds[3]!)]);
    expect(during.map((response) => response.status)).toEqual([200, 200, 200]);
    // B and C list for themselves; A still has its own fresh copy.
    expect(await galleryListings()).toBe(3);
  });
});

// Last: the failed listings' retries outlive the test (the sandbox counts them after its reset).
describe('the gallery listing while Box fails', () => {
  it('an instance serves the last good listing it got from the fleet; a fresh instance gets no expired shared copy and fails closed', async () => {
    const options: HarnessOptions = { policy: { ttlMs: 300, staleMaxMs: 10_000, refreshWaitMs: 100 }, connection: { retryBudgetMs: 500 } };
    const next = fleetOf(options);
    const [a, b] = [next(), next()];
    expect((await a.request(galleryIds[0]!)).status).toBe(200);
    expect((await b.request(galleryIds[1]!)).status).toBe(200);
    expect(await galleryListings()).toBe(1); // B's copy came from Redis

    await sandbox.current.control('POST', 'faults', { respond: { status: 503, count: 10_000, path: '/2.0/folders' } });
    await sleep(400); // every copy is past its lifetime now
    const during = await Promise.all([b.request(galleryIds[2]!), a.request(galleryIds[3]!), b.request(galleryIds[3]!)]);
    expect(during.map((response) => response.status)).toEqual([200, 200, 200]);

    const fresh = next(); // same fleet, same Redis keys
    expect((await fresh.request(galleryIds[2]!)).status).toBe(503);
  });
});
