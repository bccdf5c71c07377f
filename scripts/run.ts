/**
 * Starts Easel: `dev` (next dev), `start` (next start on a production build)
 * or `e2e` (a fresh, isolated instance for Playwright). Without Box
 * credentials it first starts the sandbox and points the app at it; with
 * credentials no sandbox process exists.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigError, modeOf, parseEnv, sandboxUrlOf } from '../lib/config/env';
import { DEMO_EDITOR_EMAIL, DEMO_EDITOR_PASSWORD } from '../lib/db/demo-editor';

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

/**
 * Lines of the children's own start-up banners that name addresses other than
 * the one to open (Next's and scripts/serve.ts's bind address, the sandbox's API): on a person's
 * terminal Easel prints the app's URL once instead.
 */
const OTHER_ADDRESS_LINE = /^\s*- (Local|Network):|^Box sandbox listening on |^\[easel\] Next\.js \(\w+\) listening on /;

function run(name: string, bin: string, args: string[], env: NodeJS.ProcessEnv, options: { quietAddresses?: boolean } = {}): ChildProcess {
  // Own process group, so stopping kills Next's workers too.
  const stdio: StdioOptions = options.quietAddresses ? ['inherit', 'pipe', 'inherit'] : 'inherit';
  const child: ChildProcess = spawn(path.join(BIN, bin), args, { cwd: ROOT, env, stdio, detached: true });
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!OTHER_ADDRESS_LINE.test(line)) process.stdout.write(`${line}\n`);
    });
  }
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
  const forPerson = command !== 'e2e';

  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));

  if (mode === 'sandbox') {
    const sandboxUrl = sandboxUrlOf(config);
    env.SANDBOX_URL = sandboxUrl;
    run('sandbox', 'tsx', ['lib/sandbox/main.ts'], env, { quietAddresses: forPerson });
    await waitForHttp(`${sandboxUrl}/_sandbox/health`, 120_000);
    await runToCompletion('tsx', ['scripts/build-preview-lib.ts'], env);
    console.log('[easel] Sandbox mode: no Box credentials are configured, so Easel shows the sample artwork of its local Box sandbox.');
  } else {
    console.log('[easel] Box mode: using the configured Box credentials; no sandbox is started.');
  }

  const distDir = env.NEXT_DIST_DIR ?? '.next';
  const useDevServer = command === 'dev' || (command === 'e2e' && env.EASEL_E2E_SERVER === 'dev');
  // scripts/serve.ts: Next behind a server that sets the client address (TRUSTED_PROXY_HOPS).
  const serverEnv: NodeJS.ProcessEnv = { ...env, HOST: host, NODE_ENV: useDevServer ? 'development' : 'production' };
  if (useDevServer) {
    run('next', 'tsx', ['scripts/serve.ts', 'dev'], serverEnv, { quietAddresses: forPerson });
  } else {
    const built = existsSync(path.join(ROOT, distDir, 'BUILD_ID'));
    if (command === 'e2e' && !(built && env.EASEL_E2E_REUSE_BUILD === '1')) {
      await runToCompletion('next', ['build', '--webpack'], env);
    } else if (!built) {
      console.error(`[easel] No production build in ${distDir}: run \`npm run build\` first.`);
      stopAll(1);
      return;
    }
    run('next', 'tsx', ['scripts/serve.ts', 'start'], serverEnv, { quietAddresses: forPerson });
  }
  const localUrl = `http://127.0.0.1:${config.PORT}`;
  await waitForHttp(`${localUrl}/api/health`, 300_000);
  if (!forPerson) {
    console.log(`[easel] Easel is ready at ${appUrl} (${mode} mode)`);
    return;
  }
  console.log(readyBanner(appUrl, mode));
  if (useDevServer) void warmUpDevPages(localUrl);
}

/** What a person starting Easel needs: the one URL to open and, in the sandbox, how to sign in. */
function readyBanner(appUrl: string, mode: 'sandbox' | 'box'): string {
  const lines = ['', `  Easel is ready: open ${appUrl}`, ''];
  if (mode === 'sandbox') {
    lines.push(
      '  This is the sandbox (sample artwork, no Box account needed). Editors sign in at',
      `  ${new URL('/editor/login', appUrl).pathname} as the sandbox's demo editor:`,
      `    email     ${DEMO_EDITOR_EMAIL}`,
      `    password  ${DEMO_EDITOR_PASSWORD}`,
      '',
    );
  } else {
    lines.push('  Using the configured Box credentials. Editors sign in at /editor/login', '  (create an account with `npm run editor -- add <email>`).', '');
  }
  return lines.join('\n');
}

/**
 * In dev mode Next compiles a page on its first request; the preview page
 * (Box's UI elements) takes long. Requesting the gallery and one preview now
 * means the person's first visit is quick, and says so while it happens.
 */
async function warmUpDevPages(localUrl: string): Promise<void> {
  const started = Date.now();
  console.log('[easel] Dev mode compiles each page on its first visit; compiling the gallery and the preview page now (the preview takes up to a minute the first time).');
  try {
    const gallery = await fetch(`${localUrl}/`, { signal: AbortSignal.timeout(300_000) });
    const firstFile = /href="(\/files\/[^"]+)"/.exec(await gallery.text())?.[1];
    if (firstFile) await (await fetch(`${localUrl}${firstFile}`, { signal: AbortSignal.timeout(300_000) })).arrayBuffer();
    console.log(`[easel] Pages compiled in ${Math.round((Date.now() - started) / 1000)} s; the first preview you open still compiles Box's viewer code once (a few seconds).`);
  } catch {
    // The person's own first visit compiles them instead.
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  console.error(`[easel] ${message}`);
  stopAll(1);
});
