import pino from 'pino';
import { z } from 'zod';
import { hasBoxCredentials } from '../config/sandbox-defaults';


/**
 * The sandbox's own settings, read from the environment by the sandbox alone
 * (it shares nothing of the app but lib/config/sandbox-defaults.ts). Errors
 * name the variable, never its value.
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();
const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const SandboxEnvSchema = z.object({
  /** The app's port and public origin: the default CORS allow-list. */
  PORT: port(3000),
  APP_URL: optionalString,
  EASEL_DATA_DIR: z.string().default('.data'),
  SANDBOX_HOST: z.string().default('127.0.0.1'),
  SANDBOX_PORT: port(3001),
  SANDBOX_URL: optionalString,
  SANDBOX_DATA_DIR: optionalString,
  SANDBOX_TOKEN_TTL_SECONDS: seconds(3600),
  /** Fixed lifetime of downscoped tokens; unset, each varies (4000-4300 s) as Box's do. */
  SANDBOX_DOWNSCOPED_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().optional(),
  SANDBOX_ALLOWED_ORIGINS: optionalString,
  /** The Box app's set-up (see setup.ts): `false` refuses grants as for an app no admin authorized. */
  SANDBOX_APP_AUTHORIZED: optionalString,
  /** The app's scopes, space- or comma-separated (default root_readwrite: all). */
  SANDBOX_APP_SCOPES: optionalString,
  /** Folders the service account is collaborated on (default 100,200: Artwork and Private). */
  SANDBOX_COLLABORATED_FOLDER_IDS: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type SandboxEnv = z.infer<typeof SandboxEnvSchema> & { boxCredentialsSet: boolean };

export class SandboxConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxConfigError';
  }
}

export function parseSandboxEnv(source: Readonly<Record<string, string | undefined>> = process.env): SandboxEnv {
  const result = SandboxEnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new SandboxConfigError(`Invalid environment: ${problems.join('; ')}`);
  }
  return { ...result.data, boxCredentialsSet: hasBoxCredentials(source) };
}

/** The sandbox's logger (its own: the sandbox runs as its own process). */
export function createSandboxLogger(level: SandboxEnv['LOG_LEVEL']) {
  return pino({ level, base: { service: 'easel-sandbox' }, redact: { paths: ['token', '*.token', 'authorization', '*.authorization'], censor: '[redacted]' } });
}
