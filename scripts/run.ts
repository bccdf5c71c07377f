/**
 * Starts Easel: `dev` (next dev), `start` (next start on a production build)
 * or `e2e` (a fresh, isolated instance for Playwright). Without Box
 * credentials it first starts the sandbox and points the app at it; with
 * credentials no sandbox process exists.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, modeOf, parseEnv, sandboxUrlOf } from '../lib/config/env';

type Command = 'dev' | 'start' | 'e2e';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');
const children: ChildProcess[] = [];
let stopping = false;

function parseCommand(value: string | undefined): Command {
  if (value === 'dev' || value === 'start' || value === 'e2e') return value;
  console.error('Usage: tsx scripts/run.ts <dev|start|e2e>');
  process.exit(2);
}

/** Extra environment for an isolated end-to-end instance: own ports, data, build. */
function e2eEnvironment(): NodeJS.ProcessEnv {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const dataDir = path.join('.data', `e2e-${port}`);
  rmSync(path.join(ROOT, dataDir), { recursive: true, force: true });
  return {
    NODE_ENV: process.env.EASEL_E2E_SERVER === 'dev' ? 'development' : 'production',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    SANDBOX_PORT: String(port + 1),
    SANDBOX_URL: `http://127.0.0.1:${port + 1}`,
    EASEL_DATA_DIR: dataDir,
    SANDBOX_DATA_DIR: path.join(dataDir, 'sandbox'),
    // One build folder that tsconfig already lists (Next adds any other to tsconfig.json);
    // set NEXT_DIST_DIR to run two instances at once.
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next-e2e',
    SANDBOX_DOWNSCOPED_TOKEN_TTL_SECONDS: process.env.SANDBOX_DOWNSCOPED_TOKEN_TTL_SECONDS ?? '30',
    TOKEN_RATE_LIMIT_PER_MINUTE: process.env.TOKEN_RATE_LIMIT_PER_MINUTE ?? '100000',
    HEALTH_DEEP_TOKEN: process.env.HEALTH_DEEP_TOKEN ?? 'e2e-deep-health-check-token',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
}

function run(name: string, bin: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Own process group, so stopping kills Next's workers too.
  const child = spawn(path.join(BIN, bin), args, { cwd: ROOT, env, stdio: 'inherit', detached: true });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[easel] ${name} stopped (${signal ?? `exit ${code}`}); shutting down.`);
    stopAll(code ?? 1);
  });
  return child;
}

function runToCompletion(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BIN, bin), args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} ${args.join(' ')} exited with ${code}`))));
    child.on('error', reject);
  });
}

function stopAll(code: number): void {
  stopping = true;
  // The exit timer is unref'd: with no children left the process ends first, and must still report `code`.
  process.exitCode = code;
  for (const child of children) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  setTimeout(() => process.exit(code), 1500).unref();
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  const command = parseCommand(process.argv[2]);
  const env: NodeJS.ProcessEnv = { ...process.env, ...(command === 'e2e' ? e2eEnvironment() : {}) };
  const config = parseEnv(env);
  const mode = modeOf(config);
  const host = env.HOST ?? '127.0.0.1';
  const appUrl = config.APP_URL ?? `http://localhost:${config.PORT}`;

  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  if (mode === 'sandbox') {
    const sandboxUrl = sandboxUrlOf(config);
    env.SANDBOX_URL = sandboxUrl;
    run('sandbox', 'tsx', ['lib/sandbox/main.ts'], env);
    await waitForHttp(`${sandboxUrl}/_sandbox/health`, 120_000);
    await runToCompletion('tsx', ['scripts/build-preview-lib.ts'], env);
    console.log(`[easel] Sandbox mode: no Box credentials configured. Box sandbox at ${sandboxUrl}`);
  } else {
    console.log('[easel] Box mode: using the configured Box credentials; no sandbox is started.');
  }

  const distDir = env.NEXT_DIST_DIR ?? '.next';
  const useDevServer = command === 'dev' || (command === 'e2e' && env.EASEL_E2E_SERVER === 'dev');
  // scripts/serve.ts: Next behind a server that sets the client address (TRUSTED_PROXY_HOPS).
  const serverEnv: NodeJS.ProcessEnv = { ...env, HOST: host, NODE_ENV: useDevServer ? 'development' : 'production' };
  if (useDevServer) {
    run('next', 'tsx', ['scripts/serve.ts', 'dev'], serverEnv);
  } else {
    const built = existsSync(path.join(ROOT, distDir, 'BUILD_ID'));
    if (command === 'e2e' && !(built && env.EASEL_E2E_REUSE_BUILD === '1')) {
      await runToCompletion('next', ['build', '--webpack'], env);
    } else if (!built) {
      console.error(`[easel] No production build in ${distDir}: run \`npm run build\` first.`);
      stopAll(1);
      return;
    }
    run('next', 'tsx', ['scripts/serve.ts', 'start'], serverEnv);
  }
  await waitForHttp(`http://127.0.0.1:${config.PORT}/api/health`, 300_000);
  console.log(`[easel] Easel is ready at ${appUrl} (${mode} mode)`);
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`[easel] ${message}`);
  stopAll(1);
});
