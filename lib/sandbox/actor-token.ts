import { decodeProtectedHeader, jwtVerify, UnsecuredJWT, type JWTPayload } from 'jose';
import { invalidGrant, invalidRequest } from './oauth-failure';
import type { IssuedToken } from './state';

const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

/**
 * An "annotator token": a JWT naming an external user (`sub`, `name`,
 * `box_sub_type: "external"`), so annotations made with the exchanged token
 * carry that identity.
 *
 * Accepted forms: unsigned (`alg: "none"`) or HS256 signed with the app's
 * client secret. Unsigned is acceptable because the exchange itself is already
 * authenticated by the subject token; a signed token is verified and a bad
 * signature refused. `exp`, when present, must be in the future.
 */
export async function parseActorToken(
  token: string | undefined,
  tokenType: string | undefined,
  clientSecret: string,
  nowMs: number,
): Promise<IssuedToken['actor']> {
  if (token === undefined) return undefined;
  if (tokenType !== ID_TOKEN_TYPE) throw invalidRequest(`actor_token_type must be ${ID_TOKEN_TYPE}`);
  const invalid = invalidGrant('The actor_token provided is invalid');
  let payload: JWTPayload;
  try {
    const { alg } = decodeProtectedHeader(token);
    const currentDate = new Date(nowMs);
    if (alg === 'none') {
      ({ payload } = UnsecuredJWT.decode(token, { currentDate }));
    } else if (alg === 'HS256') {
      ({ payload } = await jwtVerify(token, new TextEncoder().encode(clientSecret), { algorithms: ['HS256'], currentDate }));
    } else {
      throw invalid;
    }
  } catch {
    throw invalid;
  }
  const { sub, name, box_sub_type: subType } = payload as JWTPayload & { name?: unknown; box_sub_type?: unknown };
  if (subType !== 'external' || typeof sub !== 'string' || sub.length === 0 || sub.length > 255) throw invalid;
  if (name !== undefined && (typeof name !== 'string' || name.length > 255)) throw invalid;
  return { id: sub, name: typeof name === 'string' && name.length > 0 ? name : sub };
}
