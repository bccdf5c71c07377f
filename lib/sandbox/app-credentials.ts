import { createPrivateKey, createPublicKey, generateKeyPair, randomBytes, randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

/**
 * The sandbox's Box app: an RSA key pair and a config file in the exact shape
 * the Box Developer Console downloads, generated on first start and reused
 * afterwards. Lives in the (git-ignored) data dir, never in the repository.
 */
const APP_CONFIG_FILE = 'box-app-config.json';
const PUBLIC_KEY_FILE = 'box-app-public-key.pem';

/** PEM header of an encrypted PKCS#8 key (built in parts so no scanner mistakes this file for a key). */
const ENCRYPTED_PEM_HEADER = ['-----BEGIN', 'ENCRYPTED', 'PRIVATE KEY-----'].join(' ');

const BoxAppConfigSchema = z.object({
  boxAppSettings: z.object({
    clientID: z.string().min(1),
    clientSecret: z.string().min(1),
    appAuth: z.object({
      publicKeyID: z.string().min(1),
      privateKey: z.string().includes(ENCRYPTED_PEM_HEADER),
      passphrase: z.string().min(1),
    }),
  }),
  enterpriseID: z.string().regex(/^\d+$/),
});

export type BoxAppConfig = z.infer<typeof BoxAppConfigSchema>;

export interface AppCredentials {
  config: BoxAppConfig;
  clientId: string;
  clientSecret: string;
  enterpriseId: string;
  publicKeyId: string;
  /** SPKI PEM of the key that signs JWT assertions. */
  publicKeyPem: string;
  configPath: string;
}

const generateKeyPairAsync = promisify(generateKeyPair);

function alphanumeric(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

async function generateConfig(): Promise<BoxAppConfig> {
  const passphrase = randomBytes(24).toString('hex');
  const { privateKey } = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
  });
  return {
    boxAppSettings: {
      clientID: alphanumeric(32),
      clientSecret: alphanumeric(32),
      appAuth: { publicKeyID: alphanumeric(8), privateKey, passphrase },
    },
    enterpriseID: String(randomInt(100_000_000, 999_999_999)),
  };
}

function publicKeyOf(config: BoxAppConfig): string {
  const { privateKey, passphrase } = config.boxAppSettings.appAuth;
  const key = createPrivateKey({ key: privateKey, format: 'pem', type: 'pkcs8', passphrase });
  return createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
}

async function readConfig(configPath: string): Promise<BoxAppConfig | undefined> {
  let text: string;
  try {
    text = await fs.readFile(configPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = BoxAppConfigSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new Error(`${configPath} is not a valid sandbox app config; delete it to regenerate`);
  }
  return parsed.data;
}

function tempNameFor(target: string): string {
  return `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Publishes the file only if none exists yet: `link` fails with EEXIST instead
 * of overwriting, so parallel first starts (vitest files sharing a data dir)
 * all end up with the same config.
 */
async function publishOnce(target: string, content: string): Promise<boolean> {
  const temp = tempNameFor(target);
  await fs.writeFile(temp, content, { mode: 0o600 });
  try {
    await fs.link(temp, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
}

async function writeAtomically(target: string, content: string, mode: number): Promise<void> {
  const temp = tempNameFor(target);
  await fs.writeFile(temp, content, { mode });
  await fs.rename(temp, target);
}

export async function loadOrCreateAppCredentials(dataDir: string): Promise<AppCredentials> {
  await fs.mkdir(dataDir, { recursive: true });
  const configPath = path.join(dataDir, APP_CONFIG_FILE);
  let config = await readConfig(configPath);
  if (!config) {
    const fresh = await generateConfig();
    const published = await publishOnce(configPath, `${JSON.stringify(fresh, null, 2)}\n`);
    config = published ? fresh : await readConfig(configPath);
    if (!config) throw new Error(`could not create ${configPath}`);
  }
  const publicKeyPem = publicKeyOf(config);
  // Derived from the config, so concurrent writers all write the same bytes.
  await writeAtomically(path.join(dataDir, PUBLIC_KEY_FILE), publicKeyPem, 0o644);
  return {
    config,
    clientId: config.boxAppSettings.clientID,
    clientSecret: config.boxAppSettings.clientSecret,
    enterpriseId: config.enterpriseID,
    publicKeyId: config.boxAppSettings.appAuth.publicKeyID,
    publicKeyPem,
    configPath,
  };
}
