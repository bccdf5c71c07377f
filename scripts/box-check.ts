/**
 * `npm run box:check`: checks the Box app Easel is configured with, one line
 * per step with the fix for each failure; exit code 0 only if every step
 * passes. Without Box credentials it checks the sandbox: the one answering at
 * SANDBOX_URL (or SANDBOX_HOST:SANDBOX_PORT), else one it starts for the run.
 */
import { ConfigError, modeOf, parseEnv, sandboxUrlOf, type Env } from '../lib/config/env';
import { sandboxDataDirOf } from '../lib/config/sandbox-defaults';
import { formatBoxCheck, runBoxCheck } from '../lib/health/box-check';
import { defaultAllowedOrigins } from '../lib/sandbox/cors';
import { parseSandboxEnv } from '../lib/sandbox/sandbox-env';
import { createSandbox, type RunningSandbox } from '../lib/sandbox/server';
import { setupFromEnv } from '../lib/sandbox/setup';

async function sandboxAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/_sandbox/health`, { signal: AbortSignal.timeout(1500) });
    return response.ok;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  let env: Env;
  try {
    env = parseEnv();
  } catch (error) {
    console.error(`box:check: ${error instanceof ConfigError ? error.message : String(error)}`);
    return 1;
  }
  let started: RunningSandbox | undefined;
  if (modeOf(env) === 'sandbox' && !(await sandboxAnswers(sandboxUrlOf(env)))) {
    const sandboxEnv = parseSandboxEnv();
    started = await createSandbox({
      host: '127.0.0.1',
      port: 0,
      dataDir: sandboxDataDirOf(env),
      baseSetup: setupFromEnv(sandboxEnv, defaultAllowedOrigins(sandboxEnv)),
    });
    console.log(`box:check: no sandbox at ${sandboxUrlOf(env)}; started one at ${started.url} for this run`);
    env = { ...env, SANDBOX_URL: started.url };
  }
  try {
    const report = await runBoxCheck(env);
    console.log(formatBoxCheck(report));
    return report.ok ? 0 : 1;
  } finally {
    await started?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`box:check: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
