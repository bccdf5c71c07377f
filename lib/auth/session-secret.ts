import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, modeOf, type Env } from '../config/env';

const MIN_LENGTH = 32;
const FILE_NAME = 'session-secret';

/**
 * SESSION_SECRET seals session and unlock cookies. With real Box in production
 * it must be set; elsewhere a random one is made once and kept (0600) in the
 * data folder so sessions survive restarts. Never logged.
 */
export function resolveSessionSecret(env: Env): string {
  if (env.SESSION_SECRET) {
    if (env.SESSION_SECRET.length < MIN_LENGTH) {
      throw new ConfigError(`SESSION_SECRET must be at least ${MIN_LENGTH} characters (e.g. \`openssl rand -base64 48\`).`);
    }
    return env.SESSION_SECRET;
  }
  if (modeOf(env) === 'box' && env.NODE_ENV === 'production') {
    throw new ConfigError('SESSION_SECRET is required in production with Box credentials (at least 32 characters, e.g. `openssl rand -base64 48`).');
  }
  return readOrCreateSecretFile(path.join(env.EASEL_DATA_DIR, FILE_NAME));
}

function readOrCreateSecretFile(file: string): string {
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // 'wx': if another process won the race, read its secret instead.
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  chmodSync(file, 0o600);
  const created = readSecret(file);
  if (!created) throw new ConfigError(`Could not read the generated session secret in ${file}`);
  return created;
}

function readSecret(file: string): string | undefined {
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value.length >= MIN_LENGTH ? value : undefined;
  } catch {
    return undefined;
  }
}
