import { BoxCcgAuth, BoxClient, BoxDeveloperTokenAuth, BoxJwtAuth, CcgConfig, JwtConfig } from 'box-node-sdk';
import { BoxApiError } from 'box-node-sdk/box/errors';
import { BaseUrls, NetworkSession } from 'box-node-sdk/networking';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';

/** The official Box SDK, unmodified, against the sandbox: the same code path the app uses for real Box. */
let sandbox: TestSandbox;
let networkSession: NetworkSession;
let configJson: string;

function jwtAuth(): BoxJwtAuth {
  return new BoxJwtAuth({ config: JwtConfig.fromConfigJsonString(configJson) });
}

function clientWithToken(token: string): BoxClient {
  return new BoxClient({ auth: new BoxDeveloperTokenAuth({ token }), networkSession });
}

async function introspect(token: string) {
  return (await sandbox.control('POST', 'introspect', { token })).body;
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BoxApiError) return error.responseInfo.statusCode;
    throw error;
  }
  throw new Error('expected the SDK call to fail');
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  networkSession = new NetworkSession({
    baseUrls: new BaseUrls({ baseUrl: sandbox.url, uploadUrl: sandbox.url, oauth2Url: `${sandbox.url}/oauth2` }),
  });
  const config = await sandbox.control('GET', 'app-config');
  expect(config.status).toBe(200);
  configJson = JSON.stringify(config.body);
});

afterAll(async () => {
  await sandbox?.close();
});

beforeEach(async () => {
  await sandbox.control('POST', 'reset');
});

describe('box-node-sdk against the sandbox', () => {
  it('authenticates with BoxJwtAuth from the generated app config', async () => {
    const token = await jwtAuth().retrieveToken(networkSession);
    expect(token.tokenType).toBe('bearer');
    expect(token.expiresIn).toBe(3600);
    expect(token.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const info = await introspect(token.accessToken!);
    expect(info).toMatchObject({ active: true, kind: 'parent', restrictedTo: [] });
    expect((await sandbox.control('GET', 'stats')).body.grants).toEqual({ jwt: 1, ccg: 0 });
  });

  it('authenticates as an app user with BoxJwtAuth.withUserSubject', async () => {
    const token = await jwtAuth().withUserSubject('31415926').retrieveToken(networkSession);
    expect((await introspect(token.accessToken!)).subject).toEqual({ type: 'user', id: '31415926' });
  });

  it('authenticates with BoxCcgAuth for the enterprise', async () => {
    const config = JSON.parse(configJson);
    const auth = new BoxCcgAuth({
      config: new CcgConfig({
        clientId: config.boxAppSettings.clientID,
        clientSecret: config.boxAppSettings.clientSecret,
        enterpriseId: config.enterpriseID,
      }),
    });
    const token = await auth.retrieveToken(networkSession);
    expect((await introspect(token.accessToken!)).active).toBe(true);
    expect((await sandbox.control('GET', 'stats')).body.grants).toEqual({ jwt: 0, ccg: 1 });
  });

  it('refuses BoxCcgAuth with a wrong client secret', async () => {
    const config = JSON.parse(configJson);
    const auth = new BoxCcgAuth({
      config: new CcgConfig({ clientId: config.boxAppSettings.clientID, clientSecret: 'not-the-secret', enterpriseId: config.enterpriseID }),
    });
    expect(await statusOf(auth.retrieveToken(networkSession))).toBe(400);
  });

  it('downscopes to one file, reads it with the downscoped token and is refused on another file', async () => {
    const auth = jwtAuth();
    const downscoped = await auth.downscopeToken(['item_preview'], 'https://api.box.com/2.0/files/1001', undefined, networkSession);
    expect(downscoped.restrictedTo?.map((entry) => [entry.scope, entry.object?.id])).toEqual([['item_preview', '1001']]);
    expect(downscoped.issuedTokenType).toBe('urn:ietf:params:oauth:token-type:access_token');
    expect((await sandbox.control('GET', 'stats')).body.exchanges).toBe(1);

    const client = clientWithToken(downscoped.accessToken!);
    const file = await client.files.getFileById('1001');
    expect(file.id).toBe('1001');
    expect(file.name).toBe('Sunset Over Dunes.jpg');

    expect(await statusOf(client.files.getFileById('1002'))).toBe(404);
  });

  it("refuses the sandbox's own URL as the resource, as Box accepts only https://api.box.com/2.0/files/<id>", async () => {
    await expect(jwtAuth().downscopeToken(['base_preview'], `${sandbox.url}/2.0/files/1009`, undefined, networkSession)).rejects.toThrow();
    const downscoped = await jwtAuth().downscopeToken(['base_preview'], 'https://api.box.com/2.0/files/1009', undefined, networkSession);
    expect((await introspect(downscoped.accessToken!)).restrictedTo).toEqual(['1009']);
  });

  it('revokes the parent token with revokeToken', async () => {
    const auth = jwtAuth();
    const token = await auth.retrieveToken(networkSession);
    await auth.revokeToken(networkSession);
    expect((await introspect(token.accessToken!)).active).toBe(false);
    expect((await sandbox.control('GET', 'stats')).body.revocations).toBe(1);
    // A revoked parent can no longer be exchanged (the seed app's failure mode) nor used on the API.
    const exchange = await fetch(`${sandbox.url}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: token.accessToken!,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        scope: 'item_preview',
        resource: 'https://api.box.com/2.0/files/1001',
      }),
    });
    expect(exchange.status).toBe(400);
    expect(await exchange.json()).toEqual({ error: 'invalid_grant', error_description: 'The subject_token provided is invalid' });
    // (Raw fetch: on a 401 the SDK asks its auth for a new token, which a fixed token can't give.)
    const api = await fetch(`${sandbox.url}/2.0/files/1001`, { headers: { authorization: `Bearer ${token.accessToken}` } });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ type: 'error', status: 401 });
  });
});
