/**
 * Fleet benchmark (not a test): `npm run bench:fleet`.
 *
 * For 1 and 4 app instances (`next start` from one production build), each
 * without and with Redis, all on one PostgreSQL database and a fresh sandbox
 * answering with 100 ms of latency (`/_sandbox/faults` latencyMs): the same
 * BENCH_FLEET_VIEWS views (default 1 000) of /api/files/<id>/token over 20
 * files, each file asked of every instance in turn (view i goes to instance
 * floor(i / 20) mod N), BENCH_FLEET_CONCURRENCY (40) at a time; then
 * BENCH_FLEET_HITS sequential cache hits (default 400) through HTTP. Box calls
 * come from the sandbox's /_sandbox/stats, their kinds (method and path) from
 * its request log (/_sandbox/requests). Last, the token cache alone:
 * BENCH_FLEET_HITS × 5 sealed GETs from Redis (the cost a hit adds through Redis).
 * Needs a production build (NEXT_DIST_DIR, else .next-e2e or .next, built
 * when missing), Debian's postgresql and redis-server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CachedTokenSchema } from '../lib/access/fleet-token-cache';
import { createSealer } from '../lib/crypto/seal';
import { createFleetRedis } from '../lib/fleet/redis';
import { createSharedValues } from '../lib/fleet/shared-values';
import { startAppFleet, type AppFleet } from '../tests/helpers/app-fleet';
import setupPostgres from '../tests/setup/postgres';
import { startRedisServer } from '../tests/setup/redis-server';
import { intFromEnv, percentile } from './bench-stats';
import { FIRST_EXTRA_FILE_ID } from '../lib/sandbox/catalog';

type Stats = { grants: { jwt: number; ccg: number }; exchanges: number; revocations: number; api: number };

const VIEWS = intFromEnv('BENCH_FLEET_VIEWS', 1000);
const HITS = intFromEnv('BENCH_FLEET_HITS', 400);
const CONCURRENCY = intFromEnv('BENCH_FLEET_CONCURRENCY', 40);
const MAX_SECONDS = intFromEnv('BENCH_MAX_SECONDS', 120);
const LATENCY_MS = 100;
const FILE_IDS = [...Array.from({ length: 9 }, (_, i) => String(1001 + i)), ...Array.from({ length: 11 }, (_, i) => String(FIRST_EXTRA_FILE_ID + i))];

interface Result {
  name: string;
  instances: number;
  redis: boolean;
  views: number;
  failed: number;
  seconds: number;
  boxCalls: number;
  tokenCalls: number;
  grants: number;
  exchanges: number;
  p50: number;
  p99: number;
  hitP50: number;
  hitP99: number;
  /** Box calls during the views by method and path (ids as :id), from the sandbox's request log. */
  byKind: Map<string, number>;
  /** Box calls the instances made while starting (health, warm-up), before the views. */
  startup: Map<string, number>;
}


async function stats(fleet: AppFleet): Promise<Stats> {
  return (await (await fetch(`${fleet.sandboxUrl}/_sandbox/stats`)).json()) as Stats;
}

async function boxCallsByKind(fleet: AppFleet, since: number, until: number): Promise<Map<string, number>> {
  const response = await fetch(`${fleet.sandboxUrl}/_sandbox/requests?since=${since}`);
  const { requests } = (await response.json()) as { requests: Array<{ method: string; path: string; startedAt: number }> };
  const byKind = new Map<string, number>();
  for (const request of requests) {
    if (request.startedAt > until) continue;
    const kind = `${request.method} ${request.path.replace(/\/\d+/g, '/:id')}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return byKind;
}

async function view(base: string, fileId: string): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(`${base}/api/files/${fileId}/token`);
    await response.arrayBuffer();
    return { ok: response.status === 200, ms: performance.now() - started };
  } catch {
    return { ok: false, ms: performance.now() - started };
  }
}

function distDir(): string {
  if (process.env.NEXT_DIST_DIR) return process.env.NEXT_DIST_DIR;
  if (existsSync(path.join('.next-e2e', 'BUILD_ID'))) return '.next-e2e';
  if (!existsSync(path.join('.next', 'BUILD_ID'))) {
    console.log('[bench] no production build: running npm run build');
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  return '.next';
}

async function runOne(instances: number, withRedis: boolean, postgresUrl: string, dist: string): Promise<Result> {
  const redis = withRedis ? await startRedisServer() : undefined;
  const fleet = await startAppFleet({ instances, redisUrl: redis?.url, postgresUrl, distDir: dist });
  try {
    await fetch(`${fleet.sandboxUrl}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: LATENCY_MS }) });
    const before = await stats(fleet);
    const windowStart = Date.now();
    const latencies: number[] = [];
    let failed = 0;
    let next = 0;
    const deadline = Date.now() + MAX_SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < VIEWS && Date.now() < deadline) {
          const index = next++;
          const answer = await view(fleet.urls[Math.floor(index / FILE_IDS.length) % instances]!, FILE_IDS[index % FILE_IDS.length]!);
          latencies.push(answer.ms);
          if (!answer.ok) failed += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const after = await stats(fleet);
    const byKind = await boxCallsByKind(fleet, windowStart, Date.now());
    const startup = await boxCallsByKind(fleet, 0, windowStart - 1);
    const hits: number[] = [];
    for (let index = 0; index < HITS && Date.now() < deadline + 60_000; index += 1) {
      const answer = await view(fleet.urls[index % instances]!, FILE_IDS[index % FILE_IDS.length]!);
      if (answer.ok) hits.push(answer.ms);
    }
    latencies.sort((a, b) => a - b);
    hits.sort((a, b) => a - b);
    const grants = after.grants.jwt - before.grants.jwt;
    const exchanges = after.exchanges - before.exchanges;
    const boxCalls = grants + exchanges + (after.api - before.api) + (after.revocations - before.revocations);
    return {
      name: `${instances} instance${instances > 1 ? 's' : ''}, ${withRedis ? 'Redis' : 'no Redis'}`,
      instances,
      redis: withRedis,
      views: latencies.length,
      failed,
      seconds,
      boxCalls,
      tokenCalls: grants + exchanges,
      grants,
      exchanges,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      hitP50: percentile(hits, 50),
      hitP99: percentile(hits, 99),
      byKind,
      startup,
    };
  } finally {
    await fleet.stop();
    await redis?.dispose();
  }
}

/** Cache hits through Redis without HTTP: a sealed GET, opened and validated, as the token service does it. */
async function redisHitLatency(samples: number): Promise<{ p50: number; p99: number }> {
  const server = await startRedisServer();
  const redis = createFleetRedis(server.url, 'bench:');
  try {
    const values = createSharedValues({ namespace: 'token', schema: CachedTokenSchema, redis, sealer: createSealer('bench-secret-of-at-least-32-characters!!', 'fleet:token') })!;
    const now = Date.now();
    for (const id of FILE_IDS) await values.set(id, { accessToken: `token-${id}-${'x'.repeat(120)}`, issuedAt: now, expiresAt: now + 3_600_000, scopes: ['base_preview'] }, 60_000);
    const timings: number[] = [];
    for (let index = 0; index < samples; index += 1) {
      const started = performance.now();
      const hit = await values.get(FILE_IDS[index % FILE_IDS.length]!);
      timings.push(performance.now() - started);
      if (!hit) throw new Error('cache miss in the Redis hit benchmark');
    }
    timings.sort((a, b) => a - b);
    return { p50: percentile(timings, 50), p99: percentile(timings, 99) };
  } finally {
    redis.client.destroy();
    await server.dispose();
  }
}

function perThousand(result: Result, calls: number): string {
  return ((calls / result.views) * 1000).toFixed(1);
}

async function main(): Promise<void> {
  const dist = distDir();
  const stopPostgres = process.env.TEST_DATABASE_URL ? undefined : await setupPostgres();
  const postgresUrl = process.env.TEST_DATABASE_URL;
  if (!postgresUrl) throw new Error('bench:fleet needs PostgreSQL: install Debian postgresql or set TEST_DATABASE_URL');
  const results: Result[] = [];
  try {
    for (const [instances, withRedis] of [[1, false], [4, false], [1, true], [4, true]] as const) {
      console.log(`[bench] ${instances} instance(s), ${withRedis ? 'with' : 'without'} Redis…`);
      results.push(await runOne(instances, withRedis, postgresUrl, dist));
    }
  } finally {
    stopPostgres?.();
  }
  console.log(`\nFleet benchmark: ${VIEWS} token requests over ${FILE_IDS.length} cold files, ${CONCURRENCY} at a time, round-robin over the instances; sandbox latency ${LATENCY_MS} ms`);
  console.log(`machine: ${cpus().length} cores, load ${loadavg().map((n) => n.toFixed(1)).join(' ')}\n`);
  const header = ['setup', 'views', 'failed', 'Box calls/1000 views', 'token calls/1000 (grants+exchanges)', 'grants', 'exchanges', 'views/s', 'p50 ms', 'p99 ms', 'hit p50 ms', 'hit p99 ms'];
  const rows = results.map((r) => [r.name, String(r.views), String(r.failed), perThousand(r, r.boxCalls), perThousand(r, r.tokenCalls), String(r.grants), String(r.exchanges), (r.views / r.seconds).toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.hitP50.toFixed(2), r.hitP99.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  console.log('\nBox calls during the views, by kind:');
  const kinds = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${kind} ×${count}`).join(', ') || 'none';
  for (const r of results) console.log(`  ${r.name}: ${kinds(r.byKind)}`);
  console.log('Box calls while the instances started (health checks, warm-up: parent token, gallery listings), not counted above:');
  for (const r of results) console.log(`  ${r.name}: ${kinds(r.startup)}`);
  const one = results.find((r) => r.instances === 1 && !r.redis)!;
  const fourRedis = results.find((r) => r.instances === 4 && r.redis)!;
  const fourNoRedis = results.find((r) => r.instances === 4 && !r.redis)!;
  const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
  console.log(`\nratio (4 instances with Redis) / (1 instance): Box calls ${ratio(fourRedis.boxCalls / fourRedis.views, one.boxCalls / one.views)}, token calls ${ratio(fourRedis.tokenCalls / fourRedis.views, one.tokenCalls / one.views)}, throughput ${ratio(fourRedis.views / fourRedis.seconds, one.views / one.seconds)}`);
  console.log(`ratio (4 instances without Redis) / (1 instance): Box calls ${ratio(fourNoRedis.boxCalls / fourNoRedis.views, one.boxCalls / one.views)}, token calls ${ratio(fourNoRedis.tokenCalls / fourNoRedis.views, one.tokenCalls / one.views)}`);
  const hit = await redisHitLatency(HITS * 5);
  console.log(`token cache hit through Redis alone (sealed GET + open, ${HITS * 5} sequential): p50 ${hit.p50.toFixed(2)} ms, p99 ${hit.p99.toFixed(2)} ms`);
  if (results.some((r) => r.failed > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
