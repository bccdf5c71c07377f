import 'server-only';
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import type { BoxCredentials } from './credentials';
import type { ReviewerActor } from './types';

/**
 * Box's "annotator token" actor: a JWT naming one of Easel's reviewers, sent
 * as `actor_token` in the token exchange so annotations made with the minted
 * token carry that identity (Box developer guide, "Annotator Tokens"): built
 * as a JWT assertion for JWT authentication with the user claims replaced:
 * `iss` = the app's client id, `sub` = our own reviewer id, `name` = the
 * display name Box shows, `box_sub_type: "external"`, `aud` = Box's token URL,
 * a unique `jti` and `exp` 45 s ahead, signed RS256 with the app's private key
 * (`kid` = its public key id). An app without a key pair (client credentials)
 * sends it unsigned, as Box's own Node SDK did (TokenManager.exchangeToken
 * with `actor`).
 */
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
/** Box's JWT audience is always this URL, whatever base URL the API uses. */
export const BOX_TOKEN_AUDIENCE = 'https://api.box.com/oauth2/token';
const LIFETIME_SECONDS = 45;

export interface ActorSigningKey {
  keyId: string;
  privateKey: KeyObject;
}

export type ActorTokenSigner = (actor: ReviewerActor, nowMs?: number) => Promise<string>;

/** The app's JWT signing key (JWT apps only), read once from its config. */
export function actorSigningKeyOf(credentials: BoxCredentials): ActorSigningKey | undefined {
  if (credentials.kind !== 'jwt') return undefined;
  const { appAuth } = (JSON.parse(credentials.configJson) as { boxAppSettings: { appAuth: { publicKeyID: string; privateKey: string; passphrase: string } } })
    .boxAppSettings;
  return {
    keyId: appAuth.publicKeyID,
    privateKey: createPrivateKey({ key: appAuth.privateKey, format: 'pem', ...(appAuth.passphrase ? { passphrase: appAuth.passphrase } : {}) }),
  };
}

export function createActorTokenSigner(clientId: string | undefined, key: ActorSigningKey | undefined): ActorTokenSigner {
  return async (actor, nowMs = Date.now()) => {
    const claims = { name: actor.name, box_sub_type: 'external' };
    const exp = Math.floor(nowMs / 1000) + LIFETIME_SECONDS;
    const jti = randomUUID();
    if (key) {
      const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.keyId, typ: 'JWT' }).setSubject(actor.id).setAudience(BOX_TOKEN_AUDIENCE).setJti(jti).setExpirationTime(exp);
      if (clientId) jwt.setIssuer(clientId);
      return jwt.sign(key.privateKey);
    }
    const jwt = new UnsecuredJWT(claims).setSubject(actor.id).setAudience(BOX_TOKEN_AUDIENCE).setJti(jti).setExpirationTime(exp);
    if (clientId) jwt.setIssuer(clientId);
    return jwt.encode();
  };
}
