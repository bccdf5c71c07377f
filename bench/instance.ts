/**
 * What the browser benchmarks share: an isolated production instance (or
 * BENCH_URL), the sandbox's latency control and request timeline, and the
 * count of serial Box round trips on a page's critical path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

export interface Instance {
  url: string;
  sandboxUrl: string;
  /** The instance's EASEL_DATA_DIR, when this process started it. */
  dataDir?: string;
  server?: ChildProcess;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) })).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Easel did not start at ${url} within ${timeoutMs / 1000} s`);
}

/**
 * BENCH_URL (+ BENCH_SANDBOX_URL) when given; otherwise an isolated production
 * instance on BENCH_PORT (sandbox on the next port) with `extraFiles` more
 * gallery files, built unless EASEL_E2E_REUSE_BUILD=1 finds a build.
 */
export async function startEasel(defaultPort: number, extraFiles: number): Promise<Instance> {
  if (process.env.BENCH_URL) {
    const url = process.env.BENCH_URL.replace(/\/+$/, '');
    const sandboxUrl = process.env.BENCH_SANDBOX_URL;
    if (!sandboxUrl) throw new Error('BENCH_URL needs BENCH_SANDBOX_URL (the sandbox it uses)');
    return { url, sandboxUrl: sandboxUrl.replace(/\/+$/, '') };
  }
  const port = Number(process.env.BENCH_PORT ?? defaultPort);
  const url = `http://127.0.0.1:${port}`;
  console.log(`Starting a production instance on ${url} (build included unless EASEL_E2E_REUSE_BUILD=1; this takes a few minutes)...`);
  const server = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['scripts/run.ts', 'e2e'], {
    cwd: ROOT,
    env: {
      ...process.env,
      E2E_PORT: String(port),
      SANDBOX_DOWNSCOPED_TOKEN_TTL_SECONDS: '3600',
      SANDBOX_EXTRA_FILES: String(extraFiles),
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  await waitForHealth(url, 15 * 60_000);
  return { url, sandboxUrl: `http://127.0.0.1:${port + 1}`, dataDir: path.join(ROOT, '.data', `e2e-${port}`), server };
}

export function stop(instance: Instance): void {
  const { server } = instance;
  if (server?.pid && server.exitCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** Every Box call (preflights included) waits this long before the sandbox answers. */
export async function setLatency(instance: Instance, latencyMs: number): Promise<void> {
  const response = await fetch(`${instance.sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ latencyMs }),
  });
  if (!response.ok) throw new Error(`sandbox refused latency ${latencyMs}: ${response.status}`);
}

export interface BoxRequest {
  method: string;
  path: string;
  status: number;
  startedAt: number;
  endedAt: number;
}

export async function boxRequestsSince(instance: Instance, since: number): Promise<BoxRequest[]> {
  const response = await fetch(`${instance.sandboxUrl}/_sandbox/requests?since=${since}`);
  if (!response.ok) throw new Error(`sandbox request log: ${response.status}`);
  return ((await response.json()) as { requests: BoxRequest[] }).requests;
}

/**
 * The longest chain of Box requests that ran one after another (each started
 * after the previous one ended) among those that ended by `until`: the serial
 * round trips a page waited on. Greedy by earliest end finds the longest chain.
 */
export function serialChain(requests: readonly BoxRequest[], until: number): BoxRequest[] {
  const done = requests.filter((request) => request.endedAt <= until + 2).sort((a, b) => a.endedAt - b.endedAt);
  const chain: BoxRequest[] = [];
  for (const request of done) {
    const last = chain[chain.length - 1];
    if (!last || request.startedAt >= last.endedAt) chain.push(request);
  }
  return chain;
}

export const describe = (chain: readonly BoxRequest[]) => chain.map((request) => `${request.method === 'GET' ? '' : `${request.method} `}${request.path}`).join(' → ');

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export const LATENCIES = (process.env.BENCH_LATENCIES ?? '0,100,300').split(',').map(Number);
