import { defaultAllowedOrigins } from './cors';
import { sandboxDataDirOf } from '../config/sandbox-defaults';
import { createSandboxLogger, parseSandboxEnv, SandboxConfigError, type SandboxEnv } from './sandbox-env';
import { createSandbox } from './server';
import { setupFromEnv } from './setup';

/** `npm run sandbox`: the Box sandbox as its own process. */
async function main(): Promise<void> {
  let env: SandboxEnv;
  try {
    env = parseSandboxEnv();
  } catch (error) {
    if (error instanceof SandboxConfigError) {
      console.error(`sandbox: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (env.boxCredentialsSet) {
    console.error('sandbox: Box credentials are configured (BOX_CONFIG_FILE, BOX_CONFIG_JSON, BOX_CLIENT_ID or BOX_DEVELOPER_TOKEN); refusing to start the sandbox.');
    process.exit(1);
  }
  const logger = createSandboxLogger(env.LOG_LEVEL);
  let baseSetup;
  try {
    baseSetup = setupFromEnv(env, defaultAllowedOrigins(env));
  } catch (error) {
    console.error(`sandbox: ${(error as Error).message}`);
    process.exit(1);
  }
  const sandbox = await createSandbox({
    host: env.SANDBOX_HOST,
    port: env.SANDBOX_PORT,
    dataDir: sandboxDataDirOf(env),
    tokenTtlSeconds: env.SANDBOX_TOKEN_TTL_SECONDS,
    downscopedTokenTtlSeconds: env.SANDBOX_DOWNSCOPED_TOKEN_TTL_SECONDS,
    baseSetup,
    ...(env.SANDBOX_URL ? { publicUrl: env.SANDBOX_URL } : {}),
    logger,
  });
  console.log(`Box sandbox listening on ${sandbox.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'sandbox: shutting down');
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'sandbox: error while closing');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`sandbox: failed to start: ${message}`);
  process.exit(1);
});
