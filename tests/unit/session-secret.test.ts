import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveSessionSecret } from '@/lib/auth/session-secret';
import { ConfigError, parseEnv } from '@/lib/config/env';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function envWith(values: Record<string, string>) {
  return parseEnv({ NODE_ENV: 'test', ...values });
}

describe('session secret', () => {
  it('uses SESSION_SECRET when it is long enough and refuses a short one', () => {
    const secret = 'x'.repeat(40);
    expect(resolveSessionSecret(envWith({ SESSION_SECRET: secret }))).toBe(secret);
    expect(() => resolveSessionSecret(envWith({ SESSION_SECRET: 'short' }))).toThrow(ConfigError);
  });

  it('is required in production with Box credentials, and the error names the variable only', () => {
    const env = envWith({ NODE_ENV: 'production', BOX_DEVELOPER_TOKEN: 'dev-token-value' });
    expect(() => resolveSessionSecret(env)).toThrow(/SESSION_SECRET is required/);
    try {
      resolveSessionSecret(env);
    } catch (error) {
      expect(String(error)).not.toContain('dev-token-value');
    }
  });

  it('in the sandbox, generates one secret, keeps it private (0600) and reuses it', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'easel-secret-'));
    dirs.push(dataDir);
    const env = envWith({ NODE_ENV: 'production', EASEL_DATA_DIR: dataDir });
    const first = resolveSessionSecret(env);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, 'session-secret');
    expect(readFileSync(file, 'utf8')).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveSessionSecret(env)).toBe(first);
  });
});
