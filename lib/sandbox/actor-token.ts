import { checkExpiry, checkIssuerAndAudience, checkJwtId, verifiedClaims, type JwtGrantContext } from './jwt-grant';
import { invalidGrant, invalidRequest } from './oauth-failure';
import type { IssuedToken } from './state';

const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';

/**
 * An "annotator token", in the form Box's guide ("Annotator Tokens")
 * documents: a JWT built as for JWT authentication (signed RS256/384/512 with
 * the app's private key, `iss` = client id, `aud` = Box's token URL, `exp` at
 * most 60 s ahead, a unique `jti`) whose claims name an external user:
 * `sub` = the app's own user id, `name` = the display name,
 * `box_sub_type: "external"`. Unsigned or otherwise signed tokens are refused.
 */
export async function parseActorToken(
  token: string | undefined,
  tokenType: string | undefined,
  context: JwtGrantContext,
): Promise<IssuedToken['actor']> {
  if (token === undefined) return undefined;
  if (tokenType !== ID_TOKEN_TYPE) throw invalidRequest(`actor_token_type must be ${ID_TOKEN_TYPE}`);
  const claims = await verifiedClaims(token, context);
  checkIssuerAndAudience(claims, context);
  const { sub, name, box_sub_type: subType } = claims;
  if (subType !== 'external') throw invalidGrant("Please check the 'box_sub_type' claim of the actor_token. It must be 'external'");
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) throw invalidGrant("Please check the 'sub' claim of the actor_token");
  if (name !== undefined && (typeof name !== 'string' || name.length > 255)) throw invalidGrant("Please check the 'name' claim of the actor_token");
  checkJwtId(claims, checkExpiry(claims, context.nowMs), context);
  return { id: sub, name: typeof name === 'string' && name.length > 0 ? name : sub };
}
