/**
 * Vitest global setup: a private redis-server for the shared-state tests
 * (TEST_REDIS_URL), unless one is given. Without Debian's redis-server the
 * Redis tests fail with a message saying so (in CI and locally alike: no skips).
 */
import { redisServerBinary, startRedisServer } from './redis-server';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_REDIS_URL) return undefined;
  if (!redisServerBinary()) return undefined;
  const server = await startRedisServer();
  process.env.TEST_REDIS_URL = server.url;
  return () => server.dispose();
}
