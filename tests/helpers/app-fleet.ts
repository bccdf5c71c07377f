/**
 * Several Easel app processes behind no proxy, as a fleet: one sandbox
 * process, one Redis (optional), one PostgreSQL database, and N instances of
 * one production build (`scripts/serve.ts start`, as `npm start` runs them) on
 * their own ports with the same environment. Used by the fleet end-to-end test and `npm run bench:fleet`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from '../setup/free-port';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');

export const FLEET_SESSION_SECRET = 'fleet-test-session-secret-of-at-least-32-chars';
export const FLEET_METRICS_TOKEN = 'fleet-test-metrics-token';

export interface FleetOptions {
  instances: number;
  /** Production build folder (default: the e2e build, NEXT_DIST_DIR or .next-e2e). */
  distDir?: string;
  redisUrl?: string;
  /** A PostgreSQL server where the user may CREATE DATABASE; a fresh database is made on it. */
  postgresUrl: string;
  /** Extra gallery files in the sandbox (20 files with 11). */
  sandboxExtraFiles?: number;
  ports?: number[];
  env?: NodeJS.ProcessEnv;
}

export interface AppFleet {
  sandboxUrl: string;
  urls: string[];
  databaseUrl: string;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, timeoutMs: number, isUp: (status: number) => boolean = (status) => status < 500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await response.body?.cancel();
      if (isUp(response.status)) return;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s (${lastError})`);
}

function startProcess(bin: string, args: string[], env: NodeJS.ProcessEnv, children: ChildProcess[]): ChildProcess {
  // Own process group: stopping kills Next's workers too.
  const child = spawn(path.join(BIN, bin), args, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  children.push(child);
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

export async function createDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `easel_fleet_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export const DEMO_EDITOR = { email: 'editor@easel.test', password: 'sandbox-demo-password' };

/** Signs the demo editor in on `url` (opening the database there); the session cookie and CSRF token. */
export async function signIn(url: string): Promise<{ cookie: string; csrfToken: string }> {
  const csrf = await fetch(`${url}/api/csrf`);
  const visitorCookie = csrf.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await fetch(`${url}/api/editor/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie: visitorCookie },
    body: JSON.stringify(DEMO_EDITOR),
  });
  if (login.status !== 200) throw new Error(`sign-in on ${url} answered ${login.status}: ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ') || visitorCookie;
  return { cookie, csrfToken: ((await login.json()) as { csrfToken: string }).csrfToken };
}

export async function startAppFleet(options: FleetOptions): Promise<AppFleet> {
  const children: ChildProcess[] = [];
  const distDir = options.distDir ?? process.env.NEXT_DIST_DIR ?? '.next-e2e';
  if (!existsSync(path.join(ROOT, distDir, 'BUILD_ID'))) throw new Error(`No production build in ${distDir}`);
  const ports = options.ports ?? (await Promise.all(Array.from({ length: options.instances }, () => freePort())));
  const sandboxPort = await freePort();
  const runDir = path.join('.data', `fleet-${ports[0]}`);
  rmSync(path.join(ROOT, runDir), { recursive: true, force: true });
  mkdirSync(path.join(ROOT, runDir), { recursive: true });
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const database = await createDatabase(options.postgresUrl);
  const shared: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    SANDBOX_PORT: String(sandboxPort),
    SANDBOX_URL: sandboxUrl,
    SANDBOX_DATA_DIR: path.join(runDir, 'sandbox'),
    SANDBOX_EXTRA_FILES: String(options.sandboxExtraFiles ?? 11),
    SANDBOX_ALLOWED_ORIGINS: urls.join(','),
    DATABASE_URL: database.url,
    SESSION_SECRET: FLEET_SESSION_SECRET,
    METRICS_TOKEN: FLEET_METRICS_TOKEN,
    TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: process.env.FLEET_LOG_LEVEL ?? 'error',
    NEXT_DIST_DIR: distDir,
    ...options.env,
  };
  if (options.redisUrl) shared.REDIS_URL = options.redisUrl;
  else delete shared.REDIS_URL;
  try {
    startProcess('tsx', ['lib/sandbox/main.ts'], shared, children);
    await waitForHttp(`${sandboxUrl}/_sandbox/health`, 60_000);
    // One after the other: the first applies the migrations and seeds the demo editor.
    for (const [index, port] of ports.entries()) {
      startProcess('tsx', ['scripts/serve.ts', 'start'], { ...shared, HOST: '127.0.0.1', PORT: String(port), APP_URL: urls[index], EASEL_DATA_DIR: path.join(runDir, `app-${port}`) }, children);
      await waitForHttp(`${urls[index]}/api/health`, 120_000);
      if (index === 0) await signIn(urls[0]!);
    }
  } catch (error) {
    for (const child of children.reverse()) await stopProcess(child);
    await database.drop().catch(() => undefined);
    throw error;
  }
  return {
    sandboxUrl,
    urls,
    databaseUrl: database.url,
    async stop() {
      for (const child of [...children].reverse()) await stopProcess(child);
      await database.drop().catch(() => undefined);
      rmSync(path.join(ROOT, runDir), { recursive: true, force: true });
    },
  };
}
