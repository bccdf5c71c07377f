import 'server-only';
import { randomUUID } from 'node:crypto';
import { UnsecuredJWT } from 'jose';
import type { ReviewerActor } from './types';

/**
 * Box's "annotator token" actor: a JWT naming one of Easel's reviewers, sent
 * as `actor_token` in the token exchange so annotations made with the minted
 * token carry that identity (Box developer guide, "Annotator Tokens"). The
 * claims are those of a JWT assertion with the user replaced: `iss` = the
 * app's client id, `sub` = our own reviewer id, `name` = the display name Box
 * shows, `box_sub_type: "external"`, `aud` = Box's token URL, a fresh `jti`
 * and a short `exp`. Like Box's own Node SDK (TokenManager.exchangeToken with
 * `actor`), the JWT is unsigned: the exchange is already authenticated by the
 * subject token, and the display name is only a label.
 */

export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
/** Box's JWT audience is always this URL, whatever base URL the API uses. */
export const BOX_TOKEN_AUDIENCE = 'https://api.box.com/oauth2/token';
const LIFETIME_SECONDS = 60;

export function actorTokenFor(actor: ReviewerActor, clientId: string | undefined, nowMs: number = Date.now()): string {
  const jwt = new UnsecuredJWT({ name: actor.name, box_sub_type: 'external' })
    .setSubject(actor.id)
    .setAudience(BOX_TOKEN_AUDIENCE)
    .setJti(randomUUID())
    .setExpirationTime(Math.floor(nowMs / 1000) + LIFETIME_SECONDS);
  if (clientId) jwt.setIssuer(clientId);
  return jwt.encode();
}
