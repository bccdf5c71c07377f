import { z } from 'zod';
import { ARTWORK_FOLDER_ID, PRIVATE_FOLDER_ID, SAMPLE_FOLDERS } from './catalog';
import { BOX_DOWNSCOPE_SCOPES } from './scopes';

/**
 * How the sandbox's Box app is set up, as a Box admin and developer would set
 * it up in the Box console: whether the admin authorized the app, which
 * scopes the app has, which folders its service account is collaborated on,
 * and which origins are in its CORS domains. Box developers' common set-up
 * mistakes are each one field here, so tests (and `npm run box:check`) can
 * reproduce them. Settable through env at start and `/_sandbox/setup` at run
 * time; `/_sandbox/reset` restores the start values.
 */
export type ThumbnailState = 'ready' | 'pending' | 'placeholder';

export interface SandboxSetup {
  /** false: JWT and CCG grants are refused with `unauthorized_client`, as Box refuses an app the admin has not authorized. */
  appAuthorized: boolean;
  /** The app's scopes; `root_readwrite` stands for all of them. A parent token carries these. */
  appScopes: string[];
  /** Folders the service account is collaborated on (with everything below them). */
  collaboratedFolderIds: string[];
  /** Origins in the app's CORS domains. */
  allowedOrigins: string[];
  /** Per file: whether its thumbnail is ready, still being generated (202) or impossible (302 to a placeholder). */
  thumbnails: Record<string, ThumbnailState>;
}

export const DEFAULT_COLLABORATED_FOLDER_IDS = [ARTWORK_FOLDER_ID, PRIVATE_FOLDER_ID] as const;
export const ALL_APP_SCOPES = 'root_readwrite';

const KNOWN_FOLDER_IDS = new Set(SAMPLE_FOLDERS.map((folder) => folder.id));

const scopeName = z
  .string()
  .refine((scope) => BOX_DOWNSCOPE_SCOPES.has(scope), { message: 'is not a Box scope' });
const origin = z
  .string()
  .max(200)
  .refine((value) => {
    try {
      return new URL(value).origin === value;
    } catch {
      return false;
    }
  }, { message: 'must be an origin like https://app.example.com (scheme, host, optional port; no path)' });

export const SetupUpdateSchema = z
  .object({
    appAuthorized: z.boolean().optional(),
    appScopes: z.array(scopeName).max(50).optional(),
    collaboratedFolderIds: z
      .array(z.string().refine((id) => KNOWN_FOLDER_IDS.has(id), { message: 'is not a sandbox folder' }))
      .max(50)
      .optional(),
    allowedOrigins: z.array(origin).max(50).optional(),
    thumbnails: z.record(z.string().regex(/^\d{1,20}$/), z.enum(['ready', 'pending', 'placeholder'])).optional(),
  })
  .strict();

export type SetupUpdate = z.infer<typeof SetupUpdateSchema>;

export function applySetup(setup: SandboxSetup, update: SetupUpdate): SandboxSetup {
  return {
    appAuthorized: update.appAuthorized ?? setup.appAuthorized,
    appScopes: update.appScopes ? [...new Set(update.appScopes)] : setup.appScopes,
    collaboratedFolderIds: update.collaboratedFolderIds ? [...new Set(update.collaboratedFolderIds)] : setup.collaboratedFolderIds,
    allowedOrigins: update.allowedOrigins ? [...new Set(update.allowedOrigins)] : setup.allowedOrigins,
    thumbnails: update.thumbnails ? { ...setup.thumbnails, ...update.thumbnails } : setup.thumbnails,
  };
}

export function defaultSetup(allowedOrigins: readonly string[]): SandboxSetup {
  return {
    appAuthorized: true,
    appScopes: [ALL_APP_SCOPES],
    collaboratedFolderIds: [...DEFAULT_COLLABORATED_FOLDER_IDS],
    allowedOrigins: [...allowedOrigins],
    thumbnails: {},
  };
}

/** `a,b c` → ['a', 'b', 'c']: env lists may use commas or spaces. */
export function splitList(raw: string): string[] {
  return raw.split(/[\s,]+/).filter(Boolean);
}

function parseBoolean(name: string, raw: string): boolean {
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw new Error(`${name} must be true or false`);
}

/** The start-up setup from env (SANDBOX_APP_AUTHORIZED, SANDBOX_APP_SCOPES, SANDBOX_COLLABORATED_FOLDER_IDS). */
export function setupFromEnv(
  env: { SANDBOX_APP_AUTHORIZED?: string; SANDBOX_APP_SCOPES?: string; SANDBOX_COLLABORATED_FOLDER_IDS?: string },
  allowedOrigins: readonly string[],
): SandboxSetup {
  const update: Record<string, unknown> = {};
  if (env.SANDBOX_APP_AUTHORIZED) update['appAuthorized'] = parseBoolean('SANDBOX_APP_AUTHORIZED', env.SANDBOX_APP_AUTHORIZED);
  if (env.SANDBOX_APP_SCOPES) update['appScopes'] = splitList(env.SANDBOX_APP_SCOPES);
  if (env.SANDBOX_COLLABORATED_FOLDER_IDS !== undefined) update['collaboratedFolderIds'] = splitList(env.SANDBOX_COLLABORATED_FOLDER_IDS);
  const parsed = SetupUpdateSchema.safeParse(update);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ');
    throw new Error(`invalid sandbox setup in env: ${detail}`);
  }
  return applySetup(defaultSetup(allowedOrigins), parsed.data);
}
