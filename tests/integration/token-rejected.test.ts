import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';
import { createTokenHarness, introspect, type TokenHarness } from '@/tests/helpers/token-harness';

/**
 * A browser reports a token Box refused (`?rejected=<sha256 base64url>`):
 * the token route asks Box whether that token is really dead before
 * replacing it, against an in-process sandbox.
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

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

async function tokenOf(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** Box calls made by the app (everything the sandbox counts). */
function boxCalls(stats: Awaited<ReturnType<TokenHarness['stats']>>): number {
  return stats.grants.jwt + stats.grants.ccg + stats.exchanges + stats.revocations + stats.api + stats.rejected;
}

describe('token route: a reported dead token', () => {
  it('after Box revokes every token, a report of the cached one gets a new, working token that later calls share', async () => {
    const harness = createTokenHarness(sandbox);
    const old = await tokenOf(await harness.request('1001'));
    expect(await tokenOf(await harness.request('1001'))).toBe(old);
    await sandbox.control('POST', 'faults', { revokeTokens: true });
    // Without a report the cache keeps handing out the dead token.
    expect(await tokenOf(await harness.request('1001'))).toBe(old);

    const before = await harness.stats();
    const fresh = await tokenOf(await harness.request('1001', { query: `rejected=${hashOf(old)}` }));
    const after = await harness.stats();
    expect(fresh).not.toBe(old);
    expect(await introspect(sandbox, fresh)).toMatchObject({ active: true, restrictedTo: ['1001'] });
    expect((await introspect(sandbox, old)).active).toBe(false);
    // Refused twice: the check with the file token (401), then the exchange with the
    // revoked parent token; one new parent grant, then one new file token.
    expect(after.rejected - before.rejected).toBe(2);
    expect(after.api - before.api).toBe(0);
    expect(after.grants.jwt - before.grants.jwt).toBe(1);
    expect(after.exchanges - before.exchanges).toBe(1);

    expect(await tokenOf(await harness.request('1001'))).toBe(fresh);
    // A late report of the old token (another tab) gets the replacement without asking Box again.
    const late = await harness.stats();
    expect(await tokenOf(await harness.request('1001', { query: `rejected=${hashOf(old)}` }))).toBe(fresh);
    expect(boxCalls(await harness.stats())).toBe(boxCalls(late));
  });

  it('many tabs reporting the same dead token at once: one check with Box, one new token for all', async () => {
    const harness = createTokenHarness(sandbox);
    const old = await tokenOf(await harness.request('1002'));
    await harness.connection.auth.current(); // the parent stays alive: only the file token is revoked
    await fetch(`${sandbox.url}/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: old, client_id: harness.connection.appClient!.clientId, client_secret: harness.connection.appClient!.clientSecret }),
    });
    const before = await harness.stats();
    const tokens = await Promise.all(Array.from({ length: 6 }, () => harness.request('1002', { query: `rejected=${hashOf(old)}` }).then(tokenOf)));
    const after = await harness.stats();
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(old);
    expect(after.rejected - before.rejected).toBe(1);
    expect(after.exchanges - before.exchanges).toBe(1);
    expect(after.grants.jwt - before.grants.jwt).toBe(0);
  });

  it('a share link token found dead is forgotten: revoking the link afterwards revokes only the new one', async () => {
    const harness = createTokenHarness(sandbox);
    const request = { fileId: '1004', role: 'annotator' as const, linkId: 'link-rejected-test' };
    const old = (await harness.tokens.getFileToken(request)).accessToken;
    await sandbox.control('POST', 'faults', { revokeTokens: true });
    const fresh = (await harness.tokens.getFileToken({ ...request, rejectedTokenHash: hashOf(old) })).accessToken;
    expect(fresh).not.toBe(old);
    expect((await introspect(sandbox, fresh)).active).toBe(true);
    const before = await harness.stats();
    expect(await harness.tokens.revokeLinkTokens(request.linkId)).toBe(1);
    expect((await harness.stats()).revocations - before.revocations).toBe(1);
    expect((await introspect(sandbox, fresh)).active).toBe(false);
  });
});

describe('token route: a report the server must not believe blindly', () => {
  it('a live token reported as rejected is handed out unchanged after one verification call', async () => {
    const harness = createTokenHarness(sandbox);
    const live = await tokenOf(await harness.request('1003'));
    const before = await harness.stats();
    expect(await tokenOf(await harness.request('1003', { query: `rejected=${hashOf(live)}` }))).toBe(live);
    const after = await harness.stats();
    expect(after.api - before.api).toBe(1);
    expect(boxCalls(after) - boxCalls(before)).toBe(1);
    expect((await introspect(sandbox, live)).active).toBe(true);
  });

  it('a hash of some other token returns the cached one without any Box call', async () => {
    const harness = createTokenHarness(sandbox);
    const live = await tokenOf(await harness.request('1005'));
    const before = await harness.stats();
    expect(await tokenOf(await harness.request('1005', { query: `rejected=${hashOf('not-the-cached-token')}` }))).toBe(live);
    expect(boxCalls(await harness.stats())).toBe(boxCalls(before));
  });

  it('malformed rejected values get 400 with a clear error and no Box call at all', async () => {
    const harness = createTokenHarness(sandbox);
    const valid = hashOf('x');
    const bad = [
      'rejected=',
      'rejected=abc',
      `rejected=${valid}A`, // 44 characters
      `rejected=${valid.slice(0, 42)}`,
      `rejected=${valid.slice(0, 42)}%2B`, // '+': base64, not base64url
      `rejected=${valid.slice(0, 42)}=`,
      `rejected=${valid}&rejected=${valid}`,
      `rejected=${'a'.repeat(5000)}`,
    ];
    for (const query of bad) {
      const response = await harness.request('1001', { query });
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('bad_request:rejected');
      expect(body.error.message).toMatch(/43 characters/);
      expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
    }
    expect(boxCalls(await harness.stats())).toBe(0);
  });

  it('the rate limit applies before any check with Box', async () => {
    const harness = createTokenHarness(sandbox, { ratePerMinute: 1 });
    const live = await tokenOf(await harness.request('1007'));
    const before = await harness.stats();
    const limited = await harness.request('1007', { query: `rejected=${hashOf(live)}` });
    expect(limited.status).toBe(429);
    expect(boxCalls(await harness.stats())).toBe(boxCalls(before));
  });
});
