import { createPrivateKey, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateAppCredentials } from '@/lib/sandbox/app-credentials';
import { exchange, parentToken, postForm, type BoxAppConfigJson } from '@/tests/helpers/box-oauth';
import { TEST_SANDBOX_DATA_DIR, startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';

const APP_ORIGIN = 'http://localhost:3000';
const FOREIGN_ORIGIN = 'https://evil.example';

let sandbox: TestSandbox;
let config: BoxAppConfigJson;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  config = (await sandbox.control('GET', 'app-config')).body;
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  await sandbox.control('POST', 'reset');
});

function accessControlHeaders(headers: Headers): string[] {
  return [...headers.keys()].filter((name) => name.startsWith('access-control-'));
}

describe('sandbox basics', () => {
  it('reports health', async () => {
    expect(await sandbox.control('GET', 'health')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('serves a Box-format app config whose encrypted key opens with its passphrase, stored with mode 0600', async () => {
    const { boxAppSettings, enterpriseID } = config;
    expect(boxAppSettings.clientID).toMatch(/^[a-z0-9]{32}$/);
    expect(boxAppSettings.clientSecret).toMatch(/^[a-z0-9]{32}$/);
    expect(enterpriseID).toMatch(/^\d+$/);
    expect(boxAppSettings.appAuth.privateKey).toContain(`-----BEGIN ${['ENCRYPTED', 'PRIVATE', 'KEY'].join(' ')}-----`);
    expect(() => createPrivateKey({ key: boxAppSettings.appAuth.privateKey, format: 'pem', passphrase: 'wrong' })).toThrow();
    const key = createPrivateKey({ key: boxAppSettings.appAuth.privateKey, format: 'pem', passphrase: boxAppSettings.appAuth.passphrase });
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const file = path.join(TEST_SANDBOX_DATA_DIR, 'box-app-config.json');
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual(config);
  });

  it('answers unknown paths in Box error shape', async () => {
    const response = await fetch(`${sandbox.url}/2.0/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ type: 'error', status: 404, code: 'not_found', request_id: expect.any(String) });
  });

  it('answers invalid JSON with a 4xx Box error, not a stack trace', async () => {
    const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"latencyMs":',
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toMatchObject({ type: 'error', status: 400 });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('app credentials', () => {
  it('generates one config when several starts race on a fresh data dir, then reuses it', async () => {
    const dataDir = path.join('.data', `test-sandbox-credentials-${randomBytes(4).toString('hex')}`);
    try {
      const raced = await Promise.all([0, 1, 2].map(() => loadOrCreateAppCredentials(dataDir)));
      expect(new Set(raced.map((credentials) => credentials.clientId)).size).toBe(1);
      expect(new Set(raced.map((credentials) => credentials.publicKeyPem)).size).toBe(1);
      const again = await loadOrCreateAppCredentials(dataDir);
      expect(again.config).toEqual(raced[0]!.config);
      const onDisk = JSON.parse(await fs.readFile(path.join(dataDir, 'box-app-config.json'), 'utf8'));
      expect(onDisk).toEqual(again.config);
      expect((await fs.readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('CORS', () => {
  const preflightHeaders = (origin: string) => ({
    origin,
    'access-control-request-method': 'GET',
    'access-control-request-headers': 'authorization,x-rep-hints,x-box-client-name,x-box-client-version,accept-language',
  });

  it('answers a preflight from an allowed origin with the headers ContentPreview sends', async () => {
    const response = await fetch(`${sandbox.url}/2.0/files/1001`, { method: 'OPTIONS', headers: preflightHeaders(APP_ORIGIN) });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    const allowedHeaders = response.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/);
    for (const header of ['authorization', 'x-rep-hints', 'x-box-client-name', 'x-box-client-version', 'accept-language', 'content-type', 'boxapi', 'if-none-match']) {
      expect(allowedHeaders).toContain(header);
    }
    const methods = response.headers.get('access-control-allow-methods')!.split(/,\s*/);
    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS']));
  });

  it('gives a foreign origin no CORS headers at all, on preflight or on a real request', async () => {
    const preflight = await fetch(`${sandbox.url}/2.0/files/1001`, { method: 'OPTIONS', headers: preflightHeaders(FOREIGN_ORIGIN) });
    expect(accessControlHeaders(preflight.headers)).toEqual([]);
    const token = await postForm(`${sandbox.url}/oauth2/token`, { grant_type: 'password' });
    expect(accessControlHeaders(token.headers)).toEqual([]);
    const real = await fetch(`${sandbox.url}/_sandbox/health`, { headers: { origin: FOREIGN_ORIGIN } });
    expect(accessControlHeaders(real.headers)).toEqual([]);
  });

  it('matches origins exactly', async () => {
    for (const origin of ['http://localhost:3000.evil.example', 'http://localhost:30000', 'https://localhost:3000']) {
      const response = await fetch(`${sandbox.url}/2.0/files/1001`, { method: 'OPTIONS', headers: preflightHeaders(origin) });
      expect(accessControlHeaders(response.headers)).toEqual([]);
    }
  });

  it('lets an allowed origin read faulted responses and their retry-after', async () => {
    await sandbox.control('POST', 'faults', { respond: { status: 429, count: 1, path: '/2.0/', retryAfter: 3 } });
    const response = await fetch(`${sandbox.url}/2.0/files/1001`, { headers: { origin: APP_ORIGIN } });
    expect(response.status).toBe(429);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('retry-after');
  });
});

describe('faults', () => {
  it('responds with the given status the next `count` times on matching paths only, in the OAuth error shape on /oauth2/', async () => {
    const set = await sandbox.control('POST', 'faults', { respond: { status: 429, count: 2, path: '/oauth2/token', retryAfter: 1 } });
    expect(set.status).toBe(200);
    const unrelated = await fetch(`${sandbox.url}/oauth2/revoke`, { method: 'POST' });
    expect(unrelated.status).not.toBe(429);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = await postForm(`${sandbox.url}/oauth2/token`, { grant_type: 'client_credentials' });
      expect(result.status).toBe(429);
      expect(result.headers.get('retry-after')).toBe('1');
      expect(result.body).toEqual({ error: 'rate_limit_exceeded', error_description: expect.any(String) });
    }
    expect(await parentToken(sandbox.url, config)).toEqual(expect.any(String));
  });

  it('omits retry-after when none is given', async () => {
    await sandbox.control('POST', 'faults', { respond: { status: 503, count: 1, path: '/oauth2/' } });
    const result = await postForm(`${sandbox.url}/oauth2/token`, {});
    expect(result.status).toBe(503);
    expect(result.headers.get('retry-after')).toBeNull();
    expect(result.body.error).toBe('unavailable');
  });

  it('never applies to the /_sandbox controls', async () => {
    await sandbox.control('POST', 'faults', { respond: { status: 500, count: 5, path: '/' }, latencyMs: 1500 });
    const started = Date.now();
    expect((await sandbox.control('GET', 'health')).status).toBe(200);
    expect((await sandbox.control('GET', 'stats')).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await sandbox.control('POST', 'reset')).status).toBe(200);
    expect(await parentToken(sandbox.url, config)).toEqual(expect.any(String));
  });

  it('adds latencyMs to every response until reset', async () => {
    await sandbox.control('POST', 'faults', { latencyMs: 300 });
    let started = Date.now();
    await parentToken(sandbox.url, config);
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
    started = Date.now();
    await fetch(`${sandbox.url}/2.0/nothing`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
    await sandbox.control('POST', 'reset');
    expect((await sandbox.control('GET', 'stats')).status).toBe(200);
    expect(sandbox.state.faults.latencyMs).toBe(0);
  });

  it('expires every token issued so far, but not later ones', async () => {
    const before = await parentToken(sandbox.url, config);
    await sandbox.control('POST', 'faults', { expireTokens: true });
    const after = await parentToken(sandbox.url, config);
    expect((await sandbox.control('POST', 'introspect', { token: before })).body.active).toBe(false);
    expect((await sandbox.control('POST', 'introspect', { token: after })).body.active).toBe(true);
  });

  it('validates the faults body', async () => {
    for (const body of [{ latencyMs: -1 }, { respond: { status: 200, count: 1, path: '/' } }, { respond: { status: 429, path: 'oauth2' } }, { bogus: true }]) {
      const result = await sandbox.control('POST', 'faults', body);
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({ type: 'error', status: 400, code: 'bad_request' });
    }
  });
});

describe('stats, introspect and reset', () => {
  it('counts grants, exchanges, revocations and rejections; reset clears them with tokens and faults', async () => {
    const subject = await parentToken(sandbox.url, config);
    await exchange(sandbox.url, { subject_token: subject, scope: 'item_preview', resource: 'https://api.box.com/2.0/files/1001' });
    await exchange(sandbox.url, { subject_token: 'nope', scope: 'item_preview' });
    await postForm(`${sandbox.url}/oauth2/revoke`, {
      client_id: config.boxAppSettings.clientID,
      client_secret: config.boxAppSettings.clientSecret,
      token: subject,
    });
    expect((await sandbox.control('GET', 'stats')).body).toEqual({
      grants: { jwt: 0, ccg: 1 },
      exchanges: 1,
      revocations: 1,
      api: 0,
      rejected: 1,
    });
    await sandbox.control('POST', 'faults', { unrestrictedExchange: true });
    const live = await parentToken(sandbox.url, config);
    expect((await sandbox.control('POST', 'reset')).body).toEqual({ status: 'ok' });
    expect((await sandbox.control('GET', 'stats')).body).toEqual({ grants: { jwt: 0, ccg: 0 }, exchanges: 0, revocations: 0, api: 0, rejected: 0 });
    expect((await sandbox.control('POST', 'introspect', { token: live })).body.active).toBe(false);
    expect(sandbox.state.faults).toEqual({ latencyMs: 0, unrestrictedExchange: false });
  });

  it('introspects unknown tokens as inactive and rejects a bad body', async () => {
    expect((await sandbox.control('POST', 'introspect', { token: 'unknown' })).body).toEqual({
      active: false,
      scopes: [],
      restrictedTo: [],
      expiresAt: null,
    });
    expect((await sandbox.control('POST', 'introspect', {})).status).toBe(400);
  });
});

describe('token lifetimes', () => {
  it('expire parent and downscoped tokens after their configured TTLs', async () => {
    let clock = Date.parse('2030-01-01T00:00:00.000Z');
    const timed = await startTestSandbox({ now: () => clock, tokenTtlSeconds: 20, downscopedTokenTtlSeconds: 10 });
    try {
      const parent = await parentToken(timed.url, config);
      const child = await exchange(timed.url, { subject_token: parent, scope: 'item_preview', resource: 'https://api.box.com/2.0/files/1002' });
      expect(child.body.expires_in).toBe(10);
      const info = (await timed.control('POST', 'introspect', { token: child.body.access_token })).body;
      expect(info).toEqual(expect.objectContaining({ active: true, expiresAt: '2030-01-01T00:00:10.000Z', restrictedTo: ['1002'], scopes: ['item_preview'] }));
      clock += 10_000;
      expect((await timed.control('POST', 'introspect', { token: child.body.access_token })).body.active).toBe(false);
      expect((await timed.control('POST', 'introspect', { token: parent })).body.active).toBe(true);
      clock += 10_000;
      const late = await exchange(timed.url, { subject_token: parent, scope: 'item_preview' });
      expect(late.status).toBe(400);
      expect(late.body.error_description).toBe('The subject_token provided is invalid');
    } finally {
      await timed.close();
    }
  });
});
