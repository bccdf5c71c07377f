import { createPrivateKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** Raw Box OAuth calls for tests that check the sandbox's wire behaviour. */
export interface BoxAppConfigJson {
  boxAppSettings: {
    clientID: string;
    clientSecret: string;
    appAuth: { publicKeyID: string; privateKey: string; passphrase: string };
  };
  enterpriseID: string;
}

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface HttpResult {
  status: number;
  headers: Headers;
  body: any;
}

export async function postForm(url: string, params: Record<string, string | undefined>): Promise<HttpResult> {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) form.set(key, value);
  const response = await fetch(url, { method: 'POST', body: form });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

function privateKeyOf(config: BoxAppConfigJson): KeyObject {
  const { privateKey, passphrase } = config.boxAppSettings.appAuth;
  return createPrivateKey({ key: privateKey, format: 'pem', type: 'pkcs8', passphrase });
}

export function foreignPrivateKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

export interface AssertionOptions {
  alg?: 'RS256' | 'RS384' | 'RS512';
  key?: KeyObject;
  /** Claims to add or override; `undefined` removes a claim. */
  claims?: Record<string, unknown>;
}

/** A JWT bearer assertion as the Box SDKs build it (enterprise subject, exp = now + 30 s). */
export async function signAssertion(config: BoxAppConfigJson, options: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: config.boxAppSettings.clientID,
    sub: config.enterpriseID,
    box_sub_type: 'enterprise',
    aud: 'https://api.box.com/oauth2/token',
    jti: randomUUID(),
    exp: now + 30,
    iat: now,
    ...options.claims,
  };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  const alg = options.alg ?? 'RS256';
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(options.key ?? privateKeyOf(config));
}

export function jwtGrant(baseUrl: string, config: BoxAppConfigJson, assertion: string, secret?: string): Promise<HttpResult> {
  return postForm(`${baseUrl}/oauth2/token`, {
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    assertion,
    client_id: config.boxAppSettings.clientID,
    client_secret: secret ?? config.boxAppSettings.clientSecret,
  });
}

export function ccgGrant(
  baseUrl: string,
  config: BoxAppConfigJson,
  subject: { type: string; id: string } = { type: 'enterprise', id: config.enterpriseID },
): Promise<HttpResult> {
  return postForm(`${baseUrl}/oauth2/token`, {
    grant_type: 'client_credentials',
    client_id: config.boxAppSettings.clientID,
    client_secret: config.boxAppSettings.clientSecret,
    box_subject_type: subject.type,
    box_subject_id: subject.id,
  });
}

/** A fresh parent token (CCG, the shortest way to one). */
export async function parentToken(baseUrl: string, config: BoxAppConfigJson): Promise<string> {
  const result = await ccgGrant(baseUrl, config);
  if (result.status !== 200) throw new Error(`parent token: HTTP ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.access_token as string;
}

export function exchange(baseUrl: string, params: Record<string, string | undefined>): Promise<HttpResult> {
  return postForm(`${baseUrl}/oauth2/token`, {
    grant_type: TOKEN_EXCHANGE,
    subject_token_type: ACCESS_TOKEN_TYPE,
    ...params,
  });
}

export function revoke(baseUrl: string, config: BoxAppConfigJson, token: string, secret?: string): Promise<HttpResult> {
  return postForm(`${baseUrl}/oauth2/revoke`, {
    client_id: config.boxAppSettings.clientID,
    client_secret: secret ?? config.boxAppSettings.clientSecret,
    token,
  });
}

/**
 * An annotator token as Box's guide builds it: a JWT assertion like the one
 * for JWT auth (app key, iss, aud, exp, jti) whose claims name an external
 * user (`sub`, `name`, `box_sub_type: "external"`).
 */
export function signActorToken(config: BoxAppConfigJson, claims: Record<string, unknown>, options: Omit<AssertionOptions, 'claims'> = {}): Promise<string> {
  return signAssertion(config, { ...options, claims: { box_sub_type: 'external', ...claims } });
}
