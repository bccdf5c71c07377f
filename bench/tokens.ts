/**
 * Token service benchmark (not a test): `npm run bench:tokens`.
 *
 * Starts an in-process sandbox with 50 gallery files (the 9 samples plus 41
 * small extras, SANDBOX_EXTRA_FILES), then
 *  1. Easel: BENCH_VIEWS simulated views (default 5 000), each a GET of
 *     /api/files/<id>/token through the real handler (id check, rate limit
 *     raised for the bench, access policy, token cache, downscoping), spread
 *     at random over the 50 files, BENCH_CONCURRENCY (50) at a time;
 *  2. the seed's way, as a baseline: for each view a fresh SDK JWT auth and a
 *     downscope (BENCH_BASELINE_VIEWS, default 1 000, as it is slow).
 * Box calls come from the sandbox's /_sandbox/stats. Every loop is bounded
 * by its view count and by BENCH_MAX_SECONDS per phase.
 */
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../lib/sandbox/seeded-random';
import { intFromEnv, percentile } from './bench-stats';

type Stats = { grants: { jwt: number; ccg: number }; exchanges: number; revocations: number; api: number; rejected: number };

interface PhaseResult {
  name: string;
  views: number;
  ok: number;
  seconds: number;
  latencies: number[];
  hitLatencies: number[];
  stats: Stats;
}

const VIEWS = intFromEnv('BENCH_VIEWS', 5000);
const BASELINE_VIEWS = intFromEnv('BENCH_BASELINE_VIEWS', 1000);
const FILES = 50;
const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 50);
const MAX_SECONDS = intFromEnv('BENCH_MAX_SECONDS', 120);
const SEQUENTIAL_HITS = 2000;
const DATA_DIR = '.data/bench-sandbox';


function boxCalls(stats: Stats): number {
  return stats.grants.jwt + stats.grants.ccg + stats.exchanges + stats.revocations + stats.api + stats.rejected;
}

/** Runs `view(i)` for i in [0, count) with `concurrency` in flight, stopping early at the deadline. */
async function runPool(count: number, concurrency: number, view: (index: number) => Promise<void>): Promise<number> {
  const deadline = performance.now() + MAX_SECONDS * 1000;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const index = next;
      next += 1;
      await view(index);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return done;
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

function describe(result: PhaseResult): string[] {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const calls = boxCalls(result.stats);
  const lines = [
    `${result.name}`,
    `  views               ${result.views} (${result.ok} answered 200)`,
    `  Box calls           ${calls}  (grants ${result.stats.grants.jwt + result.stats.grants.ccg}, exchanges ${result.stats.exchanges}, api ${result.stats.api}, revocations ${result.stats.revocations}, rejected ${result.stats.rejected})`,
    `  Box calls / 1000    ${((calls / result.views) * 1000).toFixed(1)}`,
    `  throughput          ${(result.views / result.seconds).toFixed(0)} views/s  (${result.seconds.toFixed(2)} s)`,
    `  latency p50 / p99   ${ms(percentile(sorted, 50))} / ${ms(percentile(sorted, 99))}`,
  ];
  if (result.hitLatencies.length > 0) {
    const hits = [...result.hitLatencies].sort((a, b) => a - b);
    lines.push(`  cache hits          ${hits.length}: p50 ${ms(percentile(hits, 50))}, p99 ${ms(percentile(hits, 99))}`);
  }
  return lines;
}

async function main(): Promise<void> {
  process.env.SANDBOX_EXTRA_FILES ??= String(FILES - 9);
  process.env.LOG_LEVEL ??= 'warn';
  // Imported after the env is set: the catalog reads SANDBOX_EXTRA_FILES, the logger LOG_LEVEL.
  const { createSandbox } = await import('../lib/sandbox/server');
  const { ARTWORK_FOLDER_ID, SAMPLE_FILES } = await import('../lib/sandbox/catalog');
  const { sandboxCredentials } = await import('../lib/box/credentials');
  const { createBoxConnection } = await import('../lib/box/connection');
  const { createFileReader } = await import('../lib/box/files');
  const { readFolderFileIds } = await import('../lib/box/folder-file-ids');
  const { createAccessPolicy } = await import('../lib/access/gallery-policy');
  const { createTokenService } = await import('../lib/access/token-service');
  const { fileResourceUrl } = await import('../lib/box/downscope');
  const { DEFAULT_ROLE_SCOPES } = await import('../lib/access/roles');
  const { createRateLimiter } = await import('../lib/http/rate-limit');
  const { createFileGrant } = await import('../lib/access/file-grant');
  const { handleApiRequest } = await import('../lib/http/json-response');
  const { tokenResponse } = await import('../lib/http/token-response');
  const { BoxJwtAuth, JwtConfig } = await import('box-node-sdk');

  const files = SAMPLE_FILES.filter((file) => file.folderId === ARTWORK_FOLDER_ID).map((file) => file.id);
  if (files.length !== FILES) throw new Error(`expected ${FILES} gallery files, found ${files.length}`);

  console.log(`Preparing the sandbox (${FILES} gallery files in ${DATA_DIR}; the first run generates them)...`);
  const sandbox = await createSandbox({ host: '127.0.0.1', port: 0, dataDir: DATA_DIR, allowedOrigins: [] });
  const control = async (method: 'GET' | 'POST', name: string): Promise<any> => (await fetch(`${sandbox.url}/_sandbox/${name}`, { method })).json();

  const random = seededRandom(20_240_501);
  const viewFiles = Array.from({ length: Math.max(VIEWS, BASELINE_VIEWS) }, () => files[Math.floor(random() * files.length)]!);
  const results: PhaseResult[] = [];
  const sequentialHits: number[] = [];
  const loadBefore = loadavg()[0]!;

  try {
    // 1. Easel, through the real route handler.
    await control('POST', 'reset');
    const credentials = sandboxCredentials(path.resolve(DATA_DIR), sandbox.url);
    const connection = createBoxConnection(credentials);
    const outcomes = new Map<string, string>();
    const tokens = createTokenService({ connection, onOutcome: (outcome, request) => outcomes.set(request.requestId ?? '', outcome) });
    const files = createFileReader(connection);
    const policy = createAccessPolicy(
      { files, listFolder: (folderId) => readFolderFileIds(connection, folderId) },
      { galleryFolderIds: [ARTWORK_FOLDER_ID] },
    );
    const rateLimiter = createRateLimiter({ name: 'token', points: 1_000_000_000, durationSeconds: 60 });
    const grantFileToken = createFileGrant({ tokens, policy, rateLimiter, files });
    // What app/api/files/[fileId]/token/route.ts does, on this benchmark's grants.
    const handler = (request: Request, fileId: string) =>
      handleApiRequest(request, async (requestId) =>
        tokenResponse(await grantFileToken({ kind: 'anonymous', clientKey: '198.51.100.10' }, fileId, { requestId }), requestId),
      );
    const easel: PhaseResult = { name: 'Easel (cache + single-flight, real handler)', views: 0, ok: 0, seconds: 0, latencies: [], hitLatencies: [], stats: undefined as never };
    const started = performance.now();
    easel.views = await runPool(VIEWS, CONCURRENCY, async (index) => {
      const fileId = viewFiles[index]!;
      const requestId = `bench-view-${String(index).padStart(6, '0')}`;
      const request = new Request(`http://localhost/api/files/${fileId}/token`, { headers: { 'x-request-id': requestId, 'x-forwarded-for': '198.51.100.10' } });
      // Server latency: from the handler call until its Response is ready (the client's parsing is not the route's time).
      const t0 = performance.now();
      const response = await handler(request, fileId);
      const elapsed = performance.now() - t0;
      const body = await response.json();
      if (response.status === 200 && body.fileId === fileId && typeof body.accessToken === 'string') easel.ok += 1;
      easel.latencies.push(elapsed);
      if (outcomes.get(requestId) === 'hit') easel.hitLatencies.push(elapsed);
    });
    easel.seconds = (performance.now() - started) / 1000;
    easel.stats = await control('GET', 'stats');
    results.push(easel);

    // Cache hits one at a time: the route's own cost, without 49 neighbours sharing the event loop.
    for (let index = 0; index < SEQUENTIAL_HITS; index += 1) {
      const fileId = viewFiles[index % VIEWS]!;
      const request = new Request(`http://localhost/api/files/${fileId}/token`, { headers: { 'x-forwarded-for': '198.51.100.11' } });
      const t0 = performance.now();
      const response = await handler(request, fileId);
      sequentialHits.push(performance.now() - t0);
      await response.arrayBuffer();
    }
    const afterSequential: Stats = await control('GET', 'stats');
    if (boxCalls(afterSequential) !== boxCalls(easel.stats)) throw new Error('sequential cache hits reached Box');

    // 2. The seed's way: a fresh SDK auth (JWT grant) and a downscope for every view.
    await control('POST', 'reset');
    const baseline: PhaseResult = { name: "Baseline (the seed's way: fresh JWT auth + downscope per view)", views: 0, ok: 0, seconds: 0, latencies: [], hitLatencies: [], stats: undefined as never };
    const baselineSession = createBoxConnection(credentials).networkSession;
    if (credentials.kind !== 'jwt') throw new Error('the baseline needs the sandbox JWT config');
    const scopes = DEFAULT_ROLE_SCOPES.viewer;
    const baselineStarted = performance.now();
    baseline.views = await runPool(BASELINE_VIEWS, CONCURRENCY, async (index) => {
      const fileId = viewFiles[index]!;
      const t0 = performance.now();
      try {
        const auth = new BoxJwtAuth({ config: JwtConfig.fromConfigJsonString(credentials.configJson) });
        const token = await auth.downscopeToken(scopes, fileResourceUrl(fileId), undefined, baselineSession);
        if (token.accessToken) baseline.ok += 1;
      } catch {
        // counted as not ok
      }
      baseline.latencies.push(performance.now() - t0);
    });
    baseline.seconds = (performance.now() - baselineStarted) / 1000;
    baseline.stats = await control('GET', 'stats');
    results.push(baseline);
  } finally {
    await sandbox.close();
  }

  const [easel, baseline] = results as [PhaseResult, PhaseResult];
  const perThousand = (result: PhaseResult) => (boxCalls(result.stats) / result.views) * 1000;
  const easelSorted = [...easel.latencies].sort((a, b) => a - b);
  const baselineSorted = [...baseline.latencies].sort((a, b) => a - b);
  const hitsSorted = [...easel.hitLatencies].sort((a, b) => a - b);
  const callRatio = perThousand(baseline) / perThousand(easel);
  const keys = new Set(viewFiles.slice(0, easel.views)).size;

  console.log('');
  console.log(`Token benchmark: ${FILES} gallery files, concurrency ${CONCURRENCY}, sandbox in-process, Node ${process.version}`);
  console.log(`Machine: ${cpus().length} CPUs, load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after (other processes share these CPUs)`);
  console.log('Latency = server time: handler call until its Response is ready.');
  console.log('');
  for (const result of results) console.log(describe(result).join('\n'), '\n');
  const sequentialSorted = [...sequentialHits].sort((a, b) => a - b);
  console.log(`Cache hits one at a time (${sequentialHits.length}, no Box calls): p50 ${ms(percentile(sequentialSorted, 50))}, p99 ${ms(percentile(sequentialSorted, 99))}`);
  console.log('');
  console.log('Ratios (baseline / Easel)');
  console.log(`  Box calls per 1000 views  ${callRatio.toFixed(1)}x fewer`);
  console.log(`  throughput                ${(easel.views / easel.seconds / (baseline.views / baseline.seconds)).toFixed(1)}x higher`);
  console.log(`  latency p50               ${(percentile(baselineSorted, 50) / percentile(easelSorted, 50)).toFixed(1)}x lower`);
  console.log(`  latency p99               ${(percentile(baselineSorted, 99) / percentile(easelSorted, 99)).toFixed(1)}x lower`);
  console.log('');
  console.log('Targets');
  const check = (ok: boolean) => (ok ? 'met ' : 'MISSED');
  console.log(`  ${check(easel.stats.exchanges <= keys)}  <= 1 exchange per (file, role) per token lifetime: ${easel.stats.exchanges} exchanges for ${keys} (file, viewer) keys`);
  console.log(`  ${check(callRatio >= 100)}  >= 100x fewer Box calls than the baseline: ${callRatio.toFixed(1)}x`);
  console.log(`  ${check(percentile(hitsSorted, 99) < 5)}  cache-hit p99 < 5 ms at concurrency ${CONCURRENCY}: ${ms(percentile(hitsSorted, 99))} (one at a time: ${ms(percentile(sequentialSorted, 99))})`);
  if (easel.ok !== easel.views || baseline.ok !== baseline.views) {
    console.log(`  WARNING: ${easel.views - easel.ok} Easel and ${baseline.views - baseline.ok} baseline views failed`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
