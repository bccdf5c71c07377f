import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ccgGrant,
  exchange,
  foreignPrivateKey,
  jwtGrant,
  parentToken,
  postForm,
  revoke,
  signActorToken,
  signAssertion,
  type BoxAppConfigJson,
} from '@/tests/helpers/box-oauth';
import { sharedLinkUrlOf } from '@/lib/sandbox/content-lookup';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';

const SUBJECT_INVALID = { error: 'invalid_grant', error_description: 'The subject_token provided is invalid' };

let sandbox: TestSandbox;
let config: BoxAppConfigJson;
let url: string;

async function introspect(token: string) {
  return (await sandbox.control('POST', 'introspect', { token })).body;
}

async function stats() {
  return (await sandbox.control('GET', 'stats')).body;
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ tokenTtlSeconds: 2400, downscopedTokenTtlSeconds: 1200 });
  url = sandbox.url;
  config = (await sandbox.control('GET', 'app-config')).body;
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  await sandbox.control('POST', 'reset');
});

describe('POST /oauth2/token with a JWT assertion', () => {
  it.each(['RS256', 'RS384', 'RS512'] as const)('issues a parent token for a valid %s assertion', async (alg) => {
    const result = await jwtGrant(url, config, await signAssertion(config, { alg }));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expires_in: 2400,
      restricted_to: [],
      token_type: 'bearer',
    });
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(await introspect(result.body.access_token)).toMatchObject({ active: true, kind: 'parent' });
  });

  it("accepts a user subject, and only Box's own token URL as audience (even on the sandbox's origin)", async () => {
    const assertion = await signAssertion(config, { claims: { sub: '2718281', box_sub_type: 'user' } });
    const result = await jwtGrant(url, config, assertion);
    expect(result.status).toBe(200);
    expect((await introspect(result.body.access_token)).subject).toEqual({ type: 'user', id: '2718281' });
    const ownAudience = await jwtGrant(url, config, await signAssertion(config, { claims: { aud: `${url}/oauth2/token` } }));
    expect(ownAudience.status).toBe(400);
    expect(ownAudience.body).toEqual({ error: 'invalid_grant', error_description: "Please check the 'aud' claim" });
  });

  it("refuses an assertion issued in the future ('iat' ahead of now)", async () => {
    const future = Math.floor(Date.now() / 1000) + 20;
    const result = await jwtGrant(url, config, await signAssertion(config, { claims: { iat: future } }));
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_grant');
    expect(result.body.error_description).toMatch(/'iat'/);
  });

  it('refuses an assertion signed by another key', async () => {
    const result = await jwtGrant(url, config, await signAssertion(config, { key: foreignPrivateKey() }));
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_grant');
    expect(result.body.error_description).toMatch(/Signature verification error/);
  });

  it('refuses an assertion whose payload was altered after signing', async () => {
    const [header, , signature] = (await signAssertion(config)).split('.');
    const forged = Buffer.from(JSON.stringify({ iss: config.boxAppSettings.clientID, sub: '1', box_sub_type: 'user' })).toString('base64url');
    const result = await jwtGrant(url, config, `${header}.${forged}.${signature}`);
    expect(result.status).toBe(400);
    expect(result.body.error_description).toMatch(/Signature verification error/);
  });

  it('refuses an expired assertion', async () => {
    const exp = Math.floor(Date.now() / 1000) - 5;
    const result = await jwtGrant(url, config, await signAssertion(config, { claims: { exp } }));
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      error: 'invalid_grant',
      error_description: "Current date/time MUST be before the expiration date/time listed in the 'exp' claim",
    });
  });

  it('refuses an assertion whose exp is more than 60 s ahead', async () => {
    const exp = Math.floor(Date.now() / 1000) + 120;
    const result = await jwtGrant(url, config, await signAssertion(config, { claims: { exp } }));
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_grant');
    expect(result.body.error_description).toMatch(/'exp' claim/);
  });

  it('refuses an assertion without exp', async () => {
    const result = await jwtGrant(url, config, await signAssertion(config, { claims: { exp: undefined } }));
    expect(result.status).toBe(400);
    expect(result.body.error_description).toMatch(/'exp' claim/);
  });

  it('refuses a replayed jti', async () => {
    const assertion = await signAssertion(config);
    expect((await jwtGrant(url, config, assertion)).status).toBe(200);
    const replay = await jwtGrant(url, config, assertion);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    expect(replay.body.error_description).toMatch(/'jti' claim/);
    expect((await stats()).grants.jwt).toBe(1);
  });

  it('refuses an assertion without jti', async () => {
    const result = await jwtGrant(url, config, await signAssertion(config, { claims: { jti: undefined } }));
    expect(result.status).toBe(400);
    expect(result.body.error_description).toMatch(/'jti' claim/);
  });

  it.each([
    ['iss', { iss: 'someone-else' }],
    ['aud', { aud: 'https://example.com/oauth2/token' }],
    ['sub', { sub: '12345' }],
    ['sub', { sub: 'abc', box_sub_type: 'user' }],
    ['box_sub_type', { box_sub_type: 'external' }],
    ['nbf', { nbf: Math.floor(Date.now() / 1000) + 20 }],
  ])("refuses a wrong '%s' claim", async (claim, claims) => {
    const result = await jwtGrant(url, config, await signAssertion(config, { claims }));
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining(`'${claim}'`) });
  });

  it('refuses a wrong client secret', async () => {
    const result = await jwtGrant(url, config, await signAssertion(config), 'wrong');
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: 'invalid_client', error_description: 'The client credentials are invalid' });
  });

  it('refuses an unknown grant type and a malformed assertion', async () => {
    const unknown = await postForm(`${url}/oauth2/token`, { grant_type: 'password' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toBe('unsupported_grant_type');
    const garbage = await jwtGrant(url, config, 'not-a-jwt');
    expect(garbage.status).toBe(400);
    expect(garbage.body.error).toBe('invalid_grant');
    expect((await stats()).rejected).toBe(2);
  });
});

describe('POST /oauth2/token with client credentials (CCG)', () => {
  it('issues tokens for the enterprise and for a user', async () => {
    expect((await ccgGrant(url, config)).status).toBe(200);
    const user = await ccgGrant(url, config, { type: 'user', id: '42' });
    expect(user.status).toBe(200);
    expect(user.body.expires_in).toBe(2400);
    expect((await stats()).grants).toEqual({ jwt: 0, ccg: 2 });
  });

  it('refuses another enterprise', async () => {
    const result = await ccgGrant(url, config, { type: 'enterprise', id: '1' });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ error: 'invalid_grant', error_description: 'Grant credentials are invalid' });
  });
});

describe('POST /oauth2/token token exchange (downscoping)', () => {
  it('restricts the token to the file and fills restricted_to', async () => {
    const subject = await parentToken(url, config);
    const result = await exchange(url, {
      subject_token: subject,
      scope: 'item_preview annotation_view_all',
      resource: 'https://api.box.com/2.0/files/1003',
    });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      expires_in: 1200,
      token_type: 'bearer',
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    });
    expect(result.body.restricted_to).toEqual([
      { scope: 'item_preview', object: expect.objectContaining({ type: 'file', id: '1003', name: 'Forest Study.jpg' }) },
      { scope: 'annotation_view_all', object: expect.objectContaining({ type: 'file', id: '1003' }) },
    ]);
    const info = await introspect(result.body.access_token);
    expect(info).toMatchObject({ active: true, kind: 'downscoped', scopes: ['item_preview', 'annotation_view_all'], restrictedTo: ['1003'] });
    expect((await stats()).exchanges).toBe(1);
  });

  it('refuses an expired subject token (expireTokens fault) with HTTP 400', async () => {
    const subject = await parentToken(url, config);
    expect((await sandbox.control('POST', 'faults', { expireTokens: true })).status).toBe(200);
    const result = await exchange(url, { subject_token: subject, scope: 'item_preview', resource: 'https://api.box.com/2.0/files/1001' });
    expect(result.status).toBe(400);
    expect(result.body).toEqual(SUBJECT_INVALID);
  });

  it('refuses a subject token revoked through /oauth2/revoke', async () => {
    const subject = await parentToken(url, config);
    const revoked = await revoke(url, config, subject);
    expect(revoked.status).toBe(200);
    expect((await stats()).revocations).toBe(1);
    const result = await exchange(url, { subject_token: subject, scope: 'item_preview', resource: 'https://api.box.com/2.0/files/1001' });
    expect(result.status).toBe(400);
    expect(result.body).toEqual(SUBJECT_INVALID);
  });

  it('refuses a subject token revoked by the revokeTokens fault, and an unknown one', async () => {
    const subject = await parentToken(url, config);
    await sandbox.control('POST', 'faults', { revokeTokens: true });
    const revoked = await exchange(url, { subject_token: subject, scope: 'item_preview' });
    expect(revoked.body).toEqual(SUBJECT_INVALID);
    const unknown = await exchange(url, { subject_token: 'never-issued', scope: 'item_preview' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(SUBJECT_INVALID);
  });

  it('refuses an unknown scope', async () => {
    const subject = await parentToken(url, config);
    const result = await exchange(url, { subject_token: subject, scope: 'item_preview root_everything', resource: 'https://api.box.com/2.0/files/1001' });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe('invalid_scope');
    expect(result.body.error_description).toContain('root_everything');
  });

  it('refuses the resource of a missing file and a malformed resource', async () => {
    const subject = await parentToken(url, config);
    const missing = await exchange(url, { subject_token: subject, scope: 'item_preview', resource: 'https://api.box.com/2.0/files/999999' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_resource');
    for (const resource of ['https://evil.example/2.0/files/1001', `${url}/2.0/files/1001`, 'https://api.box.com/2.0/files/10x1', 'https://api.box.com/2.0/folders/555']) {
      const malformed = await exchange(url, { subject_token: subject, scope: 'item_preview', resource });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toBe('invalid_resource');
    }
  });

  it('refuses resource and box_shared_link together, and a shared link that resolves to nothing', async () => {
    const subject = await parentToken(url, config);
    const both = await exchange(url, {
      subject_token: subject,
      scope: 'item_preview',
      resource: 'https://api.box.com/2.0/files/1001',
      box_shared_link: 'https://app.box.com/s/abc',
    });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_request');
    const dead = await exchange(url, { subject_token: subject, scope: 'item_preview', box_shared_link: 'https://app.box.com/s/does-not-exist' });
    expect(dead.status).toBe(400);
    expect(dead.body.error).toBe('invalid_resource');
  });

  it('restricts the token to the file a box_shared_link opens, but refuses a password-protected link', async () => {
    const subject = await parentToken(url, config);
    const result = await exchange(url, { subject_token: subject, scope: 'item_preview', box_shared_link: sharedLinkUrlOf(url, '1005') });
    expect(result.status).toBe(200);
    expect(result.body.restricted_to).toEqual([{ scope: 'item_preview', object: expect.objectContaining({ type: 'file', id: '1005' }) }]);
    expect(await introspect(result.body.access_token)).toMatchObject({ restrictedTo: ['1005'], sharedLink: sharedLinkUrlOf(url, '1005') });
    const protectedLink = await exchange(url, { subject_token: subject, scope: 'item_preview', box_shared_link: sharedLinkUrlOf(url, '2001') });
    expect(protectedLink.status).toBe(400);
    expect(protectedLink.body.error).toBe('invalid_resource');
  });

  it('returns an unrestricted token without resource, as Box does', async () => {
    const subject = await parentToken(url, config);
    const result = await exchange(url, { subject_token: subject, scope: 'item_preview' });
    expect(result.status).toBe(200);
    expect(result.body.restricted_to).toEqual([]);
    expect((await introspect(result.body.access_token)).restrictedTo).toEqual([]);
  });

  it('ignores resource under the unrestrictedExchange fault', async () => {
    await sandbox.control('POST', 'faults', { unrestrictedExchange: true });
    const subject = await parentToken(url, config);
    const result = await exchange(url, { subject_token: subject, scope: 'item_preview', resource: 'https://api.box.com/2.0/files/1001' });
    expect(result.status).toBe(200);
    expect(result.body.restricted_to).toEqual([]);
  });

  it('lets a downscoped token narrow further but never widen or move to another file', async () => {
    const parent = await parentToken(url, config);
    const first = await exchange(url, {
      subject_token: parent,
      scope: 'item_preview item_download',
      resource: 'https://api.box.com/2.0/files/1001',
    });
    const narrower = await exchange(url, { subject_token: first.body.access_token, scope: 'item_preview' });
    expect(narrower.status).toBe(200);
    expect((await introspect(narrower.body.access_token)).restrictedTo).toEqual(['1001']);
    const wider = await exchange(url, { subject_token: first.body.access_token, scope: 'item_preview annotation_edit' });
    expect(wider.status).toBe(401);
    expect(wider.body.error).toBe('invalid_scope');
    const elsewhere = await exchange(url, {
      subject_token: first.body.access_token,
      scope: 'item_preview',
      resource: 'https://api.box.com/2.0/files/1002',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toBe('invalid_resource');
  });

  it('requires the access_token subject_token_type and a scope', async () => {
    const subject = await parentToken(url, config);
    const wrongType = await exchange(url, { subject_token: subject, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', scope: 'item_preview' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toBe('invalid_request');
    const noScope = await exchange(url, { subject_token: subject });
    expect(noScope.status).toBe(400);
    expect(noScope.body.error).toBe('invalid_request');
  });

  it("records an annotator token built as Box's guide documents (a JWT signed with the app's key) on the downscoped token", async () => {
    const subject = await parentToken(url, config);
    for (const alg of ['RS256', 'RS512'] as const) {
      const actorToken = await signActorToken(config, { sub: 'visitor-7', name: 'Ada Visitor' }, { alg });
      const result = await exchange(url, {
        subject_token: subject,
        scope: 'item_preview annotation_edit',
        resource: 'https://api.box.com/2.0/files/1001',
        actor_token: actorToken,
        actor_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      });
      expect(result.status).toBe(200);
      expect((await introspect(result.body.access_token)).actor).toEqual({ id: 'visitor-7', name: 'Ada Visitor' });
    }
  });

  it('refuses actor tokens Box would refuse: unsigned, HS256, foreign key, not external, wrong aud, replayed, mistyped', async () => {
    const subject = await parentToken(url, config);
    const base = { subject_token: subject, scope: 'item_preview', resource: 'https://api.box.com/2.0/files/1001' };
    const claims = { sub: 'v', name: 'V', box_sub_type: 'external' };
    const now = Math.floor(Date.now() / 1000);
    const unsigned = new UnsecuredJWT({ ...claims, iss: config.boxAppSettings.clientID, aud: 'https://api.box.com/oauth2/token', exp: now + 30, jti: 'x'.repeat(20) }).encode();
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('30s')
      .sign(new TextEncoder().encode(config.boxAppSettings.clientSecret));
    const foreign = await signActorToken(config, { sub: 'v' }, { key: foreignPrivateKey() });
    const notExternal = await signActorToken(config, { sub: 'v', box_sub_type: 'user' });
    const wrongAud = await signActorToken(config, { sub: 'v', aud: `${url}/oauth2/token` });
    const replayed = await signActorToken(config, { sub: 'v' });
    const first = await exchange(url, { ...base, actor_token: replayed, actor_token_type: 'urn:ietf:params:oauth:token-type:id_token' });
    expect(first.status).toBe(200);
    for (const actor_token of [unsigned, hs256, foreign, notExternal, wrongAud, replayed]) {
      const result = await exchange(url, { ...base, actor_token, actor_token_type: 'urn:ietf:params:oauth:token-type:id_token' });
      expect(result.status).toBe(400);
      expect(result.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
    }
    const mistyped = await exchange(url, { ...base, actor_token: notExternal, actor_token_type: 'urn:ietf:params:oauth:token-type:jwt' });
    expect(mistyped.body.error).toBe('invalid_request');
  });
});

describe('POST /oauth2/revoke', () => {
  it('answers 200 for an unknown token without counting it, and refuses wrong client credentials', async () => {
    const unknown = await revoke(url, config, 'never-issued');
    expect(unknown.status).toBe(200);
    expect((await stats()).revocations).toBe(0);
    const subject = await parentToken(url, config);
    const refused = await revoke(url, config, subject, 'wrong-secret');
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_client');
    expect((await introspect(subject)).active).toBe(true);
  });
});
