import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, sandboxUrlOf, type Env } from '../config/env';
import { sandboxDataDirOf } from '../config/sandbox-defaults';

/**
 * Which Box app Easel talks to, and where. Parsed from the environment at
 * start; every error names the variable or field at fault, never its value.
 */
export interface BoxBaseUrls {
  baseUrl: string;
  uploadUrl: string;
  oauth2Url: string;
}

export type BoxCredentials =
  | { kind: 'jwt'; source: 'file' | 'env' | 'sandbox'; configJson: string; clientId: string; clientSecret: string; baseUrls: BoxBaseUrls }
  | { kind: 'ccg'; clientId: string; clientSecret: string; subject: { type: 'enterprise' | 'user'; id: string }; baseUrls: BoxBaseUrls }
  | { kind: 'developer-token'; token: string; baseUrls: BoxBaseUrls };

/** The file the sandbox generates in its data dir (same shape the Box console downloads). */
export const SANDBOX_APP_CONFIG_FILE = 'box-app-config.json';

const nonEmpty = z.string().trim().min(1, 'is missing or empty');
const boxId = z.string().trim().regex(/^\d{1,20}$/, 'must be a numeric Box id');

const JwtConfigSchema = z
  .object({
    boxAppSettings: z.object({
      clientID: nonEmpty,
      clientSecret: nonEmpty,
      appAuth: z.object({
        publicKeyID: nonEmpty,
        privateKey: nonEmpty.refine((key) => key.includes('PRIVATE KEY'), 'is not a PEM private key'),
        passphrase: z.string(),
      }),
    }),
    enterpriseID: boxId.optional(),
    userID: boxId.optional(),
  })
  .refine((config) => config.enterpriseID !== undefined || config.userID !== undefined, {
    message: 'needs enterpriseID or userID',
    path: ['enterpriseID'],
  });

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
      // Our own messages or zod's type descriptions: neither quotes the input.
      const what = issue.code === 'invalid_type' ? (issue.message.endsWith('undefined') ? 'is missing' : `must be a ${issue.expected}`) : issue.message;
      return `${where} ${what}`;
    })
    .join('; ');
}

function parseJwtConfig(text: string, origin: string, source: 'file' | 'env' | 'sandbox', baseUrls: BoxBaseUrls): BoxCredentials {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes part of the input, which holds the private key.
    throw new ConfigError(`${origin} is not valid JSON`);
  }
  const parsed = JwtConfigSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`${origin} is not a usable Box JWT app config: ${describeIssues(parsed.error.issues)}`);
  const settings = parsed.data.boxAppSettings;
  return { kind: 'jwt', source, configJson: text, clientId: settings.clientID, clientSecret: settings.clientSecret, baseUrls };
}

function readConfigFile(filePath: string, origin: string, hint: string): string {
  try {
    return readFileSync(filePath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${origin}: cannot read ${filePath} (${code ?? 'unreadable'})${hint}`);
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function boxBaseUrls(env: Env): BoxBaseUrls {
  return { baseUrl: trimSlash(env.BOX_API_URL), uploadUrl: trimSlash(env.BOX_UPLOAD_URL), oauth2Url: trimSlash(env.BOX_OAUTH2_URL) };
}

/** The sandbox serves every Box API (including uploads and OAuth) from its one origin. */
export function sandboxBaseUrls(sandboxUrl: string): BoxBaseUrls {
  const base = trimSlash(sandboxUrl);
  return { baseUrl: base, uploadUrl: `${base}/api`, oauth2Url: `${base}/api/oauth2` };
}

/** The sandbox's generated app config, through the same JWT path as real Box. */
export function sandboxCredentials(dataDir: string, sandboxUrl: string): BoxCredentials {
  const filePath = path.join(dataDir, SANDBOX_APP_CONFIG_FILE);
  const text = readConfigFile(filePath, 'Sandbox app config', ': start the sandbox first (npm run sandbox), or configure Box credentials');
  return parseJwtConfig(text, `Sandbox app config ${filePath}`, 'sandbox', sandboxBaseUrls(sandboxUrl));
}

function ccgCredentials(env: Env, baseUrls: BoxBaseUrls): BoxCredentials {
  const clientId = env.BOX_CLIENT_ID as string;
  if (!env.BOX_CLIENT_SECRET) throw new ConfigError('BOX_CLIENT_ID is set but BOX_CLIENT_SECRET is missing (client credentials grant needs both)');
  if (env.BOX_ENTERPRISE_ID && env.BOX_USER_ID) {
    throw new ConfigError('Set only one of BOX_ENTERPRISE_ID and BOX_USER_ID for the client credentials grant, not both');
  }
  const subjectId = env.BOX_USER_ID ?? env.BOX_ENTERPRISE_ID;
  if (!subjectId) throw new ConfigError('BOX_CLIENT_ID is set but neither BOX_ENTERPRISE_ID nor BOX_USER_ID is (client credentials grant needs one)');
  const idCheck = boxId.safeParse(subjectId);
  if (!idCheck.success) throw new ConfigError(`${env.BOX_USER_ID ? 'BOX_USER_ID' : 'BOX_ENTERPRISE_ID'} must be a numeric Box id`);
  return {
    kind: 'ccg',
    clientId,
    clientSecret: env.BOX_CLIENT_SECRET,
    subject: { type: env.BOX_USER_ID ? 'user' : 'enterprise', id: idCheck.data },
    baseUrls,
  };
}

/**
 * Exactly one way to authenticate: a JWT config file, the same config as JSON
 * in an env var, CCG, or a developer token. None of them means the sandbox.
 */
export function loadCredentials(env: Env): BoxCredentials {
  const chosen = (['BOX_CONFIG_FILE', 'BOX_CONFIG_JSON', 'BOX_CLIENT_ID', 'BOX_DEVELOPER_TOKEN'] as const).filter((name) => env[name]);
  if (chosen.length > 1) {
    throw new ConfigError(`Box credentials are ambiguous: ${chosen.join(' and ')} are all set. Configure exactly one way to authenticate.`);
  }
  if (chosen.length === 0) {
    if (env.BOX_CLIENT_SECRET) throw new ConfigError('BOX_CLIENT_SECRET is set but BOX_CLIENT_ID is missing');
    return sandboxCredentials(sandboxDataDirOf(env), sandboxUrlOf(env));
  }
  const baseUrls = boxBaseUrls(env);
  const usesCcgOnlyVars = env.BOX_ENTERPRISE_ID || env.BOX_USER_ID || env.BOX_CLIENT_SECRET;
  switch (chosen[0]) {
    case 'BOX_CLIENT_ID':
      return ccgCredentials(env, baseUrls);
    case 'BOX_DEVELOPER_TOKEN':
      if (usesCcgOnlyVars) throw new ConfigError('BOX_DEVELOPER_TOKEN is set together with BOX_CLIENT_SECRET, BOX_ENTERPRISE_ID or BOX_USER_ID; remove those');
      return { kind: 'developer-token', token: env.BOX_DEVELOPER_TOKEN as string, baseUrls };
    case 'BOX_CONFIG_FILE': {
      if (usesCcgOnlyVars) throw new ConfigError('BOX_CONFIG_FILE is set together with BOX_CLIENT_SECRET, BOX_ENTERPRISE_ID or BOX_USER_ID; the JWT config carries its own ids, remove those');
      const file = env.BOX_CONFIG_FILE as string;
      return parseJwtConfig(readConfigFile(file, 'BOX_CONFIG_FILE', ''), `BOX_CONFIG_FILE (${file})`, 'file', baseUrls);
    }
    case 'BOX_CONFIG_JSON':
      if (usesCcgOnlyVars) throw new ConfigError('BOX_CONFIG_JSON is set together with BOX_CLIENT_SECRET, BOX_ENTERPRISE_ID or BOX_USER_ID; the JWT config carries its own ids, remove those');
      return parseJwtConfig(env.BOX_CONFIG_JSON as string, 'BOX_CONFIG_JSON', 'env', baseUrls);
    default:
      throw new ConfigError('unreachable');
  }
}
