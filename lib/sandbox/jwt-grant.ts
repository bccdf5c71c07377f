import type { KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import type { AppCredentials } from './app-credentials';
import { invalidGrant, invalidRequest } from './oauth-failure';
import type { IssuedToken } from './state';

const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;
/** Box refuses assertions whose `exp` is further ahead than this. */
const MAX_ASSERTION_LIFETIME_SECONDS = 60;

export interface JwtGrantContext {
  credentials: AppCredentials;
  publicKey: KeyObject;
  audiences: readonly string[];
  nowMs: number;
  /** Records the jti; false when it was seen before. */
  useJwtId: (jti: string, expiresAtMs: number) => boolean;
}

type Claims = Record<string, unknown>;

/** Checks the header (alg, kid) and the signature with the app's public key; the claims, unchecked. */
export async function verifiedClaims(assertion: string, context: JwtGrantContext): Promise<Claims> {
  let alg: string | undefined;
  let kid: unknown;
  try {
    ({ alg, kid } = decodeProtectedHeader(assertion));
  } catch {
    throw invalidGrant('Invalid JWT assertion: the assertion is not a well-formed JWT');
  }
  const algorithm = JWT_ALGORITHMS.find((candidate) => candidate === alg);
  if (!algorithm) throw invalidGrant("Please check the 'alg' header. Supported algorithms are RS256, RS384 and RS512");
  if (kid !== undefined && kid !== context.credentials.publicKeyId) {
    throw invalidGrant("Please check the 'kid' header. It does not identify a public key of this app");
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(assertion, context.publicKey, { algorithms: [algorithm] }));
  } catch {
    throw invalidGrant('Signature verification error. The public key identified by the JWT header may not be valid for this app');
  }
  try {
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (claims && typeof claims === 'object' && !Array.isArray(claims)) return claims as Claims;
  } catch {
    // fall through
  }
  throw invalidGrant('Invalid JWT assertion: the payload is not a JSON object');
}

function checkSubject(claims: Claims, context: JwtGrantContext): IssuedToken['subject'] {
  const sub = claims['sub'];
  const subType = claims['box_sub_type'];
  if (subType !== 'enterprise' && subType !== 'user') throw invalidGrant("Please check the 'box_sub_type' claim");
  if (typeof sub !== 'string' || !/^\d{1,20}$/.test(sub)) throw invalidGrant("Please check the 'sub' claim");
  if (subType === 'enterprise' && sub !== context.credentials.enterpriseId) throw invalidGrant("Please check the 'sub' claim");
  return { type: subType, id: sub };
}

export function checkExpiry(claims: Claims, nowMs: number): number {
  const exp = claims['exp'];
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw invalidGrant("Please check the 'exp' claim");
  const nowSeconds = nowMs / 1000;
  if (exp <= nowSeconds) {
    throw invalidGrant("Current date/time MUST be before the expiration date/time listed in the 'exp' claim");
  }
  if (exp > nowSeconds + MAX_ASSERTION_LIFETIME_SECONDS) {
    throw invalidGrant("Please check the 'exp' claim. It must be at most 60 seconds in the future");
  }
  const iat = claims['iat'];
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat) || iat > nowSeconds)) {
    throw invalidGrant("Please check the 'iat' claim. It must not be in the future");
  }
  const nbf = claims['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds)) throw invalidGrant("Please check the 'nbf' claim");
  return exp * 1000;
}

/** Checks a JWT bearer assertion the way Box does; returns the token's subject. */
export async function verifyJwtAssertion(assertion: string | undefined, context: JwtGrantContext): Promise<IssuedToken['subject']> {
  if (!assertion) throw invalidRequest('Invalid grant_type parameter or parameter missing');
  const claims = await verifiedClaims(assertion, context);
  checkIssuerAndAudience(claims, context);
  const subject = checkSubject(claims, context);
  checkJwtId(claims, checkExpiry(claims, context.nowMs), context);
  return subject;
}

/** `iss` is the app's client id; `aud` is exactly Box's token URL. */
export function checkIssuerAndAudience(claims: Claims, context: JwtGrantContext): void {
  if (claims['iss'] !== context.credentials.clientId) throw invalidGrant("Please check the 'iss' claim");
  const aud = claims['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.some((value) => typeof value === 'string' && context.audiences.includes(value))) {
    throw invalidGrant("Please check the 'aud' claim");
  }
}

/** A unique `jti` of 16 to 128 characters, never seen before while its assertion lives. */
export function checkJwtId(claims: Claims, expiresAtMs: number, context: JwtGrantContext): void {
  const jti = claims['jti'];
  if (typeof jti !== 'string' || jti.length < 16 || jti.length > 128) {
    throw invalidGrant("Please check the 'jti' claim. A unique 'jti' value of 16 to 128 characters is required");
  }
  if (!context.useJwtId(jti, expiresAtMs)) {
    throw invalidGrant("Please check the 'jti' claim. A unique 'jti' value is required");
  }
}
