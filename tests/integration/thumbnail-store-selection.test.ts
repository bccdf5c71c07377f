import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFleetRedis } from '@/lib/fleet/redis';
import { getThumbnailStore } from '@/lib/gallery/thumbnail-store';

/** The process's thumbnail store is on disk and, with REDIS_URL set, in the fleet's Redis too. */
const dataDir = mkdtempSync(path.join(tmpdir(), 'easel-thumb-select-'));
const prefix = `test-${randomBytes(4).toString('hex')}:`;

afterAll(() => {
  getFleetRedis()?.client.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('getThumbnailStore', () => {
  it('with REDIS_URL set keeps each thumbnail on disk and in Redis under REDIS_KEY_PREFIX', async () => {
    const url = process.env.TEST_REDIS_URL;
    if (!url) throw new Error('TEST_REDIS_URL is not set: install Debian redis-server (tests/setup/redis.ts starts it).');
    Object.assign(process.env, { REDIS_URL: url, REDIS_KEY_PREFIX: prefix, EASEL_DATA_DIR: dataDir });
    const store = getThumbnailStore();
    const bytes = Buffer.from('a small jpeg stand-in');
    await store.set('1001', 'v7', bytes);
    const redis = getFleetRedis()!;
    const client = (await redis.ready())!;
    expect(await client.exists(`${prefix}thumb:1001:v7`)).toBe(1);
    expect(readdirSync(path.join(dataDir, 'thumbnails')).filter((name) => name.endsWith('.jpg'))).toHaveLength(1);
    expect((await store.get('1001', 'v7'))?.equals(bytes)).toBe(true);
  });
});
