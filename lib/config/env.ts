import { z } from 'zod';
import { SANDBOX_GALLERY_FOLDER_ID } from './sandbox-defaults';
import { checkWebhookUrl, isPublicAddress, MAX_WEBHOOK_URL_LENGTH } from './webhook-url';

/**
 * Every environment variable Easel reads, in one place. Parsing never echoes
 * values, only names, so a secret can't leak through an error message.
 */
const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Public origin of the app, used for CORS defaults and share-link URLs. */
  APP_URL: optionalString,

  // Real Box credentials: any of these switches Easel to "box" mode.
  BOX_CONFIG_FILE: optionalString,
  BOX_CONFIG_JSON: optionalString,
  BOX_CLIENT_ID: optionalString,
  BOX_CLIENT_SECRET: optionalString,
  BOX_ENTERPRISE_ID: optionalString,
  BOX_USER_ID: optionalString,
  BOX_DEVELOPER_TOKEN: optionalString,
  BOX_API_URL: z.string().url().default('https://api.box.com'),
  BOX_UPLOAD_URL: z.string().url().default('https://upload.box.com/api'),
  BOX_OAUTH2_URL: z.string().url().default('https://account.box.com/api/oauth2'),
  BOX_STATIC_HOST: z.string().url().default('https://cdn01.boxcdn.net'),

  /** Comma-separated folder ids whose files anonymous visitors may view. */
  EASEL_GALLERY_FOLDER_IDS: optionalString,
  /** Whether anonymous gallery visitors see annotations: `none` (default) or `all`. Editors always see all. */
  EASEL_GALLERY_ANNOTATIONS: z.enum(['none', 'all']).default('none'),
  /** Requests per minute per client on the token routes. */
  TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /**
   * JSON object overriding the scopes of roles, e.g.
   * `{"viewer":"base_preview","editor":"base_preview item_download"}`.
   */
  EASEL_ROLE_SCOPES: optionalString,
  /** Longest total time one Box call may spend waiting on 429/5xx retries. */
  BOX_RETRY_BUDGET_SECONDS: z.coerce.number().positive().max(120).default(10),
  /** Downscoped tokens kept in memory (LRU). */
  EASEL_TOKEN_CACHE_MAX: z.coerce.number().int().positive().default(10_000),
  /**
   * Proxies in front of Easel that append to X-Forwarded-For. 0: none, the
   * header a client sends is ignored and limits key on the connecting address.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Origins allowed to frame share pages (studios embedding them), space- or
   * comma-separated, e.g. `https://studio.example`. Default: none.
   */
  EASEL_SHARE_FRAME_ANCESTORS: z
    .string()
    .optional()
    .refine((value) => !value || value.split(/[\s,]+/).filter(Boolean).every((origin) => /^https:\/\/[A-Za-z0-9.*-]+(:\d+)?$/.test(origin)), 'must be https origins'),
  EASEL_DATA_DIR: z.string().default('.data'),
  /** Disk bound of the thumbnail cache in $EASEL_DATA_DIR/thumbnails. */
  EASEL_THUMBNAIL_CACHE_MB: z.coerce.number().int().min(1).max(100_000).default(256),
  DATABASE_URL: optionalString,
  SESSION_SECRET: optionalString,
  /** Bearer token for `/api/health?deep=1` (the box:check steps); unset, the deep check is off. */
  HEALTH_DEEP_TOKEN: optionalString.refine((value) => value === undefined || value.length >= 16, 'must be at least 16 characters'),
  /** An editor session ends after this long without a request. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** …and after this long whatever the activity (then sign in again). */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  /**
   * Shared state for several instances (token cache, parent token, rate limits,
   * link-token registry): `redis://[:password@]host:port[/db]` or `rediss://…`.
   * Unset: everything stays in process memory (one instance).
   */
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .url()
      .refine((value) => /^rediss?:\/\//.test(value), 'must start with redis:// or rediss://')
      .optional(),
  ),
  /** Prefix of every Redis key Easel writes (several deployments or tests may share one Redis). */
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,40}$/).default('easel:'),
  /** Bearer token for GET /api/metrics (Prometheus); unset: the route answers 404. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Notifications (lib/notify).
  /** `smtp://user:pass@host:587` or `smtps://…`: enables email through nodemailer. */
  SMTP_URL: optionalString.pipe(z.string().refine(isSmtpUrl, 'must be an smtp:// or smtps:// URL with a host').optional()),
  /** The From address of notification mail, e.g. `Easel <easel@example.com>`. */
  MAIL_FROM: optionalString.pipe(z.string().max(320).refine((v) => /@[^\s@]+$/.test(v.replace(/>$/, '')), 'must be an email address').optional()),
  /** `1` lets webhooks target private, loopback and link-local addresses (tests, an intranet receiver). */
  WEBHOOK_ALLOW_PRIVATE: z.enum(['0', '1']).default('0'),
  /**
   * The operator's webhook: every event of every link is POSTed there too, signed
   * with NOTIFY_WEBHOOK_SECRET. Same rules as editors' webhooks (checked below).
   */
  NOTIFY_WEBHOOK_URL: optionalString.pipe(z.string().max(MAX_WEBHOOK_URL_LENGTH, `must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`).optional()),
  /** Standard Webhooks signing secret: `whsec_` and a base64 key of 24 to 64 bytes. */
  NOTIFY_WEBHOOK_SECRET: optionalString.pipe(z.string().refine(isWebhookSecret, 'must be whsec_ followed by a base64 key of 24 to 64 bytes').optional()),
  /** Background delivery of notifications in this process (`0` turns the worker off, e.g. on a web-only instance). */
  NOTIFY_WORKER: z.enum(['0', '1']).default('1'),
  /** How long events are collected into one digest mail. */
  NOTIFY_DIGEST_SECONDS: z.coerce.number().int().min(10).max(86_400).default(3600),
  /** How often Box is read for comments whose browser sent no nudge (0: never; one instance per interval with Redis). */
  NOTIFY_COMMENT_SCAN_SECONDS: z.coerce.number().int().min(0).max(3_600).default(300),

  // The sandbox (used when no Box credentials are configured).
  SANDBOX_HOST: z.string().default('127.0.0.1'),
  SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  SANDBOX_URL: optionalString,
  SANDBOX_DATA_DIR: optionalString,
  SANDBOX_TOKEN_TTL_SECONDS: seconds(3600),
  /** Fixed lifetime of downscoped tokens; unset, each varies (4000-4300 s) as Box's do. */
  SANDBOX_DOWNSCOPED_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().optional(),
  /** Comma-separated origins allowed by the sandbox's CORS. */
  SANDBOX_ALLOWED_ORIGINS: optionalString,
  /** Benchmarks/load tests only: extra small gallery files in the sandbox (read by lib/sandbox/catalog.ts). */
  SANDBOX_EXTRA_FILES: z.coerce.number().int().min(0).max(50_000).default(0),
});

export type Env = z.infer<typeof EnvSchema>;

/** Settings that only make sense together. */
const CheckedEnvSchema = EnvSchema.superRefine((env, context) => {
  if (env.SMTP_URL && !env.MAIL_FROM) context.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required when SMTP_URL is set' });
  if (env.NOTIFY_WEBHOOK_URL && !env.NOTIFY_WEBHOOK_SECRET) context.addIssue({ code: 'custom', path: ['NOTIFY_WEBHOOK_SECRET'], message: 'is required when NOTIFY_WEBHOOK_URL is set' });
  if (env.NOTIFY_WEBHOOK_SECRET && !env.NOTIFY_WEBHOOK_URL) context.addIssue({ code: 'custom', path: ['NOTIFY_WEBHOOK_URL'], message: 'is required when NOTIFY_WEBHOOK_SECRET is set' });
  if (env.NOTIFY_WEBHOOK_URL) {
    const problem = operatorWebhookUrlProblem(env.NOTIFY_WEBHOOK_URL, env.WEBHOOK_ALLOW_PRIVATE === '1');
    if (problem) context.addIssue({ code: 'custom', path: ['NOTIFY_WEBHOOK_URL'], message: problem });
  }
});

function isWebhookSecret(value: string): boolean {
  const key = value.startsWith('whsec_') ? value.slice('whsec_'.length) : undefined;
  if (!key || !/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) return false;
  const bytes = Buffer.from(key, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

/**
 * The rules of editors' webhook URLs; a host that is a private or loopback
 * address (or `localhost`) is refused here unless WEBHOOK_ALLOW_PRIVATE=1, and
 * one whose DNS answer is private is refused on every connection. The message
 * never repeats the URL (it may carry a token in its path).
 */
function operatorWebhookUrlProblem(value: string, allowPrivate: boolean): string | undefined {
  const checked = checkWebhookUrl(value, allowPrivate);
  if (!checked.ok) return checked.problem.replace(/^The webhook URL /, '').replace(/\.$/, '');
  if (allowPrivate) return undefined;
  const host = checked.url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const literal = /^[\d.]+$/.test(host) || host.includes(':');
  if (host === 'localhost' || host.endsWith('.localhost') || (literal && !isPublicAddress(host))) {
    return 'must not target a private, loopback or reserved address (set WEBHOOK_ALLOW_PRIVATE=1 to allow)';
  }
  return undefined;
}

function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function parseEnv(source: Readonly<Record<string, string | undefined>> = process.env): Env {
  const result = CheckedEnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
  }
  return result.data;
}

export type Mode = 'sandbox' | 'box';

export function modeOf(env: Env): Mode {
  const hasBoxCredentials = Boolean(
    env.BOX_CONFIG_FILE || env.BOX_CONFIG_JSON || env.BOX_CLIENT_ID || env.BOX_DEVELOPER_TOKEN,
  );
  return hasBoxCredentials ? 'box' : 'sandbox';
}

/** EASEL_GALLERY_FOLDER_IDS, or the sandbox's Artwork folder in sandbox mode. */
export function galleryFolderIdsOf(env: Env): string[] {
  const configured = env.EASEL_GALLERY_FOLDER_IDS?.split(',').map((id) => id.trim()).filter(Boolean) ?? [];
  if (configured.length > 0) return configured;
  return modeOf(env) === 'sandbox' ? [SANDBOX_GALLERY_FOLDER_ID] : [];
}

export function sandboxUrlOf(env: Env): string {
  return env.SANDBOX_URL ?? `http://${env.SANDBOX_HOST}:${env.SANDBOX_PORT}`;
}


let cached: Env | undefined;

/** The process environment, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
