import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';
import { createTokenHarness, introspect } from '@/tests/helpers/token-harness';

/**
 * GET /api/files/{id}/token through the real handler against an in-process
 * sandbox: happy path, the seed's expired-parent failure, Box faults, bad
 * input and the access policy.
 */
let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  await sandbox.control('POST', 'reset');
});

async function jsonOf(response: Response): Promise<any> {
  return JSON.parse(await response.text());
}

describe('token route: happy path', () => {
  it('answers a viewer token for a gallery file, not cacheable, that opens that file and no other, and shows no annotations by default', async () => {
    const harness = createTokenHarness(sandbox);
    const response = await harness.request('1001');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = await jsonOf(response);
    expect(Object.keys(body).sort()).toEqual(['accessToken', 'expiresAt', 'expiresIn', 'fileId', 'role', 'scopes']);
    expect(body).toMatchObject({ fileId: '1001', role: 'viewer', scopes: ['base_preview'] });
    expect(body.expiresIn).toBeGreaterThan(3500);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(3500 * 1000);

    const own = await fetch(`${sandbox.url}/2.0/files/1001?fields=name,permissions`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(own.status).toBe(200);
    const file = await own.json();
    expect(file.name).toBe('Sunset Over Dunes.jpg');
    expect(file.permissions.can_download).toBe(false);
    expect(file.permissions.can_annotate).toBe(false);

    const other = await fetch(`${sandbox.url}/2.0/files/1002`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(other.status).toBe(404);
    expect(await introspect(sandbox, body.accessToken)).toMatchObject({ active: true, restrictedTo: ['1001'], scopes: ['base_preview'] });
    const annotations = await fetch(`${sandbox.url}/2.0/undoc/annotations?file_id=1001`, { headers: { authorization: `Bearer ${body.accessToken}` } });
    expect(annotations.status).toBe(403);
  });

  it('gives anonymous visitors everyone\'s annotations when EASEL_GALLERY_ANNOTATIONS is all', async () => {
    const harness = createTokenHarness(sandbox, { galleryAnnotations: 'all' });
    const body = await jsonOf(await harness.request('1001'));
    expect(body.scopes).toEqual(['base_preview', 'annotation_view_all']);
  });

  it('hands the same token out again from the cache: one grant, one exchange for repeated views', async () => {
    const harness = createTokenHarness(sandbox);
    const first = await jsonOf(await harness.request('1002'));
    const again = await Promise.all(Array.from({ length: 10 }, () => harness.request('1002').then(jsonOf)));
    for (const body of again) expect(body.accessToken).toBe(first.accessToken);
    const stats = await harness.stats();
    expect(stats.grants.jwt).toBe(1);
    expect(stats.exchanges).toBe(1);
  });
});

describe("token route: the seed's failure (parent token dies between two files)", () => {
  it('expireTokens between two files: both 200, exactly one new grant', async () => {
    const harness = createTokenHarness(sandbox);
    expect((await harness.request('1001')).status).toBe(200);
    const before = await harness.stats();
    await sandbox.control('POST', 'faults', { expireTokens: true });
    const second = await harness.request('1002');
    expect(second.status).toBe(200);
    const after = await harness.stats();
    expect(after.grants.jwt - before.grants.jwt).toBe(1);
    expect(after.exchanges - before.exchanges).toBe(1);
    expect((await introspect(sandbox, (await jsonOf(second)).accessToken)).active).toBe(true);
  });

  it('revokeTokens between two files: both 200, exactly one new grant', async () => {
    const harness = createTokenHarness(sandbox);
    expect((await harness.request('1003')).status).toBe(200);
    const before = await harness.stats();
    await sandbox.control('POST', 'faults', { revokeTokens: true });
    const second = await harness.request('1004');
    expect(second.status).toBe(200);
    const after = await harness.stats();
    expect(after.grants.jwt - before.grants.jwt).toBe(1);
    expect((await introspect(sandbox, (await jsonOf(second)).accessToken)).active).toBe(true);
  });

  it('the exchange itself meeting a dead parent (400 "subject_token provided is invalid") refreshes once and succeeds', async () => {
    const harness = createTokenHarness(sandbox);
    // Membership of 1006 is known before the parent dies, so the next Box call is the exchange.
    await harness.policy.assertGalleryFile('1006');
    expect((await harness.request('1005')).status).toBe(200);
    await sandbox.control('POST', 'faults', { expireTokens: true });
    const before = await harness.stats();
    const response = await harness.request('1006');
    expect(response.status).toBe(200);
    const after = await harness.stats();
    expect(after.grants.jwt - before.grants.jwt).toBe(1);
    expect(after.exchanges - before.exchanges).toBe(1);
    expect(after.api - before.api).toBe(0);
  });

  it('concurrent requests meeting one dead parent share one refresh', async () => {
    const harness = createTokenHarness(sandbox);
    const files = ['1001', '1002', '1003', '1004', '1005', '1007', '1008', '1009'];
    await Promise.all(files.map((id) => harness.policy.assertGalleryFile(id)));
    await sandbox.control('POST', 'faults', { revokeTokens: true });
    const before = await harness.stats();
    const responses = await Promise.all(files.map((id) => harness.request(id)));
    expect(responses.map((r) => r.status)).toEqual(files.map(() => 200));
    const after = await harness.stats();
    expect(after.grants.jwt - before.grants.jwt).toBe(1);
    expect(after.exchanges - before.exchanges).toBe(files.length);
  });
});

describe('token route: Box rate limits and outages', () => {
  it('waits out 429 with retry-after: 1 twice on /oauth2/token (cold: the grant) and succeeds after at least 2 s', async () => {
    const harness = createTokenHarness(sandbox);
    await sandbox.control('POST', 'faults', { respond: { status: 429, count: 2, path: '/oauth2/token', retryAfter: 1 } });
    const started = Date.now();
    const response = await harness.request('1001');
    const elapsed = Date.now() - started;
    expect(response.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(8000);
    const stats = await harness.stats();
    expect(stats.grants.jwt).toBe(1);
    expect(stats.exchanges).toBe(1);
  });

  it('waits out 429 with retry-after: 1 twice on the token exchange (warm parent) and succeeds after at least 2 s', async () => {
    const harness = createTokenHarness(sandbox);
    expect((await harness.request('1001')).status).toBe(200);
    await harness.policy.assertGalleryFile('1002');
    await sandbox.control('POST', 'faults', { respond: { status: 429, count: 2, path: '/oauth2/token', retryAfter: 1 } });
    const started = Date.now();
    const response = await harness.request('1002');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect((await harness.stats()).exchanges).toBe(2);
  });

  it('rides out a short 5xx burst', async () => {
    const harness = createTokenHarness(sandbox);
    expect((await harness.request('1001')).status).toBe(200);
    await sandbox.control('POST', 'faults', { respond: { status: 503, count: 2, path: '/' } });
    const response = await harness.request('1002');
    expect(response.status).toBe(200);
    expect((await jsonOf(response)).fileId).toBe('1002');
  });

  it('answers 503 with Retry-After (and no stack trace) when 5xx outlast the retry budget', async () => {
    const harness = createTokenHarness(sandbox, { connection: { retryBudgetMs: 1500 } });
    expect((await harness.request('1001')).status).toBe(200);
    await sandbox.control('POST', 'faults', { respond: { status: 500, count: 1000, path: '/' } });
    const started = Date.now();
    const response = await harness.request('1002');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await jsonOf(response);
    expect(body.error.code).toBe('unavailable:box');
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack|Error:/);
  });

  it('passes on Box\'s own retry-after when a 429 asks for longer than the budget', async () => {
    const harness = createTokenHarness(sandbox, { connection: { retryBudgetMs: 2000 } });
    await sandbox.control('POST', 'faults', { respond: { status: 429, count: 5, path: '/oauth2/token', retryAfter: 30 } });
    const started = Date.now();
    const response = await harness.request('1001');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
  });
});

describe('token route: Box unreachable', () => {
  it('answers 503 with Retry-After when nothing listens at the Box URL', async () => {
    const gone = await startTestSandbox();
    await gone.close();
    const harness = createTokenHarness(gone);
    const started = Date.now();
    const response = await harness.request('1001');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await jsonOf(response)).error.code).toBe('unavailable:box');
  });
});

describe('token route: never a broader token', () => {
  it('refuses a token Box minted without the file restriction (unrestrictedExchange): 5xx with a code, no token, token revoked', async () => {
    const harness = createTokenHarness(sandbox);
    await sandbox.control('POST', 'faults', { unrestrictedExchange: true });
    const response = await harness.request('1001');
    expect(response.status).toBeGreaterThanOrEqual(500);
    const text = await response.text();
    const body = JSON.parse(text);
    expect(body.error.code).toBe('upstream:token_scope');
    expect(Object.keys(body)).toEqual(['error']);
    expect(text).not.toMatch(/accessToken|access_token/);
    const stats = await harness.stats();
    expect(stats.exchanges).toBe(1);
    expect(stats.revocations).toBe(1);
  });
});

describe('token route: input and access policy', () => {
  const badIds = ['abc', '-1', '1/../2', '9'.repeat(10_000), '１２３', 'ﬁle', '12 3', '1001\n', '0x10', ''];

  it.each(badIds.map((id) => [id.length > 20 ? `${id.slice(0, 12)}… (${id.length} chars)` : JSON.stringify(id), id]))(
    'rejects %s with 400 and makes no Box call',
    async (_label, id) => {
      const harness = createTokenHarness(sandbox);
      const before = await harness.stats();
      const response = await harness.request(id);
      expect(response.status).toBe(400);
      expect((await jsonOf(response)).error.code).toBe('bad_request:file_id');
      expect(await harness.stats()).toEqual(before);
    },
  );

  it('answers a file outside the gallery exactly as a missing file', async () => {
    const harness = createTokenHarness(sandbox);
    const outside = await harness.request('2001');
    const missing = await harness.request('999999');
    expect(outside.status).toBe(404);
    expect(missing.status).toBe(404);
    const strip = (body: any) => ({ ...body, error: { ...body.error, requestId: undefined } });
    const [outsideBody, missingBody] = [await jsonOf(outside), await jsonOf(missing)];
    expect(strip(outsideBody)).toEqual(strip(missingBody));
    expect(outsideBody.error.code).toBe('not_found:file');
    expect(outsideBody.error.requestId).not.toBe(missingBody.error.requestId);
    expect((await harness.stats()).exchanges).toBe(0);
  });

  it('limits each client: past TOKEN_RATE_LIMIT_PER_MINUTE it answers 429 with Retry-After, other clients unaffected', async () => {
    const harness = createTokenHarness(sandbox, { ratePerMinute: 120 });
    const statuses: number[] = [];
    for (let i = 0; i < 130; i += 1) statuses.push((await harness.request('1001', { clientKey: '198.51.100.1' })).status);
    expect(statuses.slice(0, 120).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(120).every((status) => status === 429)).toBe(true);
    const limited = await harness.request('1001', { clientKey: '198.51.100.1' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await jsonOf(limited)).error.code).toBe('rate_limited:token');
    expect((await harness.request('1001', { clientKey: '198.51.100.2' })).status).toBe(200);
  });
});
