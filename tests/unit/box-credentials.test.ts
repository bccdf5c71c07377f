import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/lib/config/env';
import { loadCredentials, SANDBOX_APP_CONFIG_FILE } from '@/lib/box/credentials';

const SECRET = 'sup3r-s3cret-value-never-shown';
// A stand-in, not a key: built in parts so secret scanners don't flag the file.
const PEM_LABEL = ['ENCRYPTED', 'PRIVATE', 'KEY'].join(' ');
const KEY = `-----BEGIN ${PEM_LABEL}-----\n${SECRET}\n-----END ${PEM_LABEL}-----\n`;

function jwtConfig(overrides: Record<string, unknown> = {}) {
  return {
    boxAppSettings: { clientID: 'client-id', clientSecret: SECRET, appAuth: { publicKeyID: 'kid1', privateKey: KEY, passphrase: SECRET } },
    enterpriseID: '123456',
    ...overrides,
  };
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'easel-creds-'));
}

/** Runs loadCredentials and returns its ConfigError message (failing if it does not throw one). */
function errorOf(vars: Record<string, string>): string {
  try {
    loadCredentials(parseEnv(vars));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain(SECRET);
    return message;
  }
  throw new Error('expected a ConfigError');
}

describe('Box credentials from the environment', () => {
  it('uses the sandbox app config, with the sandbox as base URL, when nothing is configured', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, SANDBOX_APP_CONFIG_FILE), JSON.stringify(jwtConfig()));
    const credentials = loadCredentials(parseEnv({ SANDBOX_DATA_DIR: dir, SANDBOX_URL: 'http://127.0.0.1:4555/' }));
    expect(credentials).toMatchObject({ kind: 'jwt', source: 'sandbox', baseUrls: { baseUrl: 'http://127.0.0.1:4555' } });
  });

  it('explains a missing sandbox config', () => {
    expect(errorOf({ SANDBOX_DATA_DIR: tempDir() })).toMatch(/Sandbox app config.*start the sandbox/);
  });

  it('reads a JWT config file (BOX_CONFIG_FILE) with real Box base URLs', () => {
    const file = path.join(tempDir(), 'config.json');
    writeFileSync(file, JSON.stringify(jwtConfig()));
    const credentials = loadCredentials(parseEnv({ BOX_CONFIG_FILE: file }));
    expect(credentials).toMatchObject({ kind: 'jwt', source: 'file', clientId: 'client-id', baseUrls: { baseUrl: 'https://api.box.com' } });
  });

  it('reads the same config as JSON in BOX_CONFIG_JSON', () => {
    expect(loadCredentials(parseEnv({ BOX_CONFIG_JSON: JSON.stringify(jwtConfig({ enterpriseID: undefined, userID: '42' })) }))).toMatchObject({
      kind: 'jwt',
      source: 'env',
    });
  });

  it('names the missing or invalid field of a JWT config, never its value', () => {
    const noSecret = jwtConfig();
    delete (noSecret.boxAppSettings as Record<string, unknown>).clientSecret;
    expect(errorOf({ BOX_CONFIG_JSON: JSON.stringify(noSecret) })).toMatch(/BOX_CONFIG_JSON.*boxAppSettings\.clientSecret is missing/);
    expect(errorOf({ BOX_CONFIG_JSON: JSON.stringify(jwtConfig({ enterpriseID: undefined })) })).toMatch(/enterpriseID needs enterpriseID or userID/);
    expect(errorOf({ BOX_CONFIG_JSON: JSON.stringify(jwtConfig({ enterpriseID: 'acme' })) })).toMatch(/enterpriseID must be a numeric Box id/);
    const badKey = jwtConfig();
    (badKey.boxAppSettings.appAuth as Record<string, unknown>).privateKey = SECRET;
    expect(errorOf({ BOX_CONFIG_JSON: JSON.stringify(badKey) })).toMatch(/appAuth\.privateKey is not a PEM private key/);
  });

  it('does not quote broken JSON back (it would contain the private key)', () => {
    expect(errorOf({ BOX_CONFIG_JSON: `{"boxAppSettings": {"clientSecret": "${SECRET}", ` })).toBe('BOX_CONFIG_JSON is not valid JSON');
  });

  it('names an unreadable BOX_CONFIG_FILE', () => {
    expect(errorOf({ BOX_CONFIG_FILE: '/nonexistent/box.json' })).toMatch(/BOX_CONFIG_FILE: cannot read \/nonexistent\/box\.json \(ENOENT\)/);
  });

  it('builds client-credentials (CCG) for an enterprise or a user', () => {
    expect(loadCredentials(parseEnv({ BOX_CLIENT_ID: 'id', BOX_CLIENT_SECRET: SECRET, BOX_ENTERPRISE_ID: '77' }))).toMatchObject({
      kind: 'ccg',
      subject: { type: 'enterprise', id: '77' },
    });
    expect(loadCredentials(parseEnv({ BOX_CLIENT_ID: 'id', BOX_CLIENT_SECRET: SECRET, BOX_USER_ID: '88' }))).toMatchObject({
      kind: 'ccg',
      subject: { type: 'user', id: '88' },
    });
  });

  it('says which CCG variable is missing or conflicting', () => {
    expect(errorOf({ BOX_CLIENT_ID: 'id', BOX_ENTERPRISE_ID: '1' })).toMatch(/BOX_CLIENT_SECRET is missing/);
    expect(errorOf({ BOX_CLIENT_ID: 'id', BOX_CLIENT_SECRET: SECRET })).toMatch(/neither BOX_ENTERPRISE_ID nor BOX_USER_ID/);
    expect(errorOf({ BOX_CLIENT_ID: 'id', BOX_CLIENT_SECRET: SECRET, BOX_ENTERPRISE_ID: '1', BOX_USER_ID: '2' })).toMatch(/only one of BOX_ENTERPRISE_ID and BOX_USER_ID/);
    expect(errorOf({ BOX_CLIENT_ID: 'id', BOX_CLIENT_SECRET: SECRET, BOX_USER_ID: 'me' })).toMatch(/BOX_USER_ID must be a numeric Box id/);
    expect(errorOf({ BOX_CLIENT_SECRET: SECRET })).toMatch(/BOX_CLIENT_SECRET is set but BOX_CLIENT_ID is missing/);
  });

  it('takes a developer token', () => {
    expect(loadCredentials(parseEnv({ BOX_DEVELOPER_TOKEN: SECRET }))).toMatchObject({ kind: 'developer-token' });
  });

  it('refuses ambiguous combinations, naming them', () => {
    expect(errorOf({ BOX_CONFIG_JSON: '{}', BOX_DEVELOPER_TOKEN: SECRET })).toMatch(/ambiguous: BOX_CONFIG_JSON and BOX_DEVELOPER_TOKEN/);
    expect(errorOf({ BOX_CONFIG_FILE: '/x.json', BOX_CLIENT_ID: 'id', BOX_CLIENT_SECRET: SECRET })).toMatch(/BOX_CONFIG_FILE and BOX_CLIENT_ID/);
    expect(errorOf({ BOX_CONFIG_JSON: JSON.stringify(jwtConfig()), BOX_USER_ID: '5' })).toMatch(/JWT config carries its own ids/);
    expect(errorOf({ BOX_DEVELOPER_TOKEN: 'x', BOX_ENTERPRISE_ID: '5' })).toMatch(/BOX_DEVELOPER_TOKEN is set together with/);
  });
});

describe('checkBoxConfiguration', () => {
  it('summarises a good configuration without secrets, and names what is wrong otherwise', async () => {
    const { checkBoxConfiguration } = await import('@/lib/access/config-check');
    const summary = checkBoxConfiguration(parseEnv({ BOX_DEVELOPER_TOKEN: SECRET, EASEL_GALLERY_FOLDER_IDS: '5, 6' }));
    expect(summary).toEqual({ auth: 'developer-token', baseUrl: 'https://api.box.com', galleryFolderIds: ['5', '6'] });
    expect(JSON.stringify(summary)).not.toContain(SECRET);
    expect(() => checkBoxConfiguration(parseEnv({ BOX_DEVELOPER_TOKEN: SECRET, EASEL_ROLE_SCOPES: '{"viewer":"root_readwrite"}' }))).toThrow(/EASEL_ROLE_SCOPES/);
  });
});
