import { parseActorToken } from './actor-token';
import type { JwtGrantContext } from './jwt-grant';
import { OAuthFailure, invalidGrant, invalidRequest } from './oauth-failure';
import type { SandboxFiles } from './sandbox-files';
import { splitScopes, unknownScopes } from './scopes';
import { ALL_APP_SCOPES } from './setup';
import { hasScope, type IssuedToken, type SandboxState } from './state';
import { mintToken } from './token-mint';
import { serviceAccountSeesFolder, tokenSeesFile, tokenSeesFolder } from './visibility';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface ExchangeForm {
  subject_token?: string;
  subject_token_type?: string;
  scope?: string;
  resource?: string;
  box_shared_link?: string;
  actor_token?: string;
  actor_token_type?: string;
}

export interface ExchangeContext {
  state: SandboxState;
  files: SandboxFiles;
  /** Seconds the new token lives (Box's varies from exchange to exchange). */
  ttlSeconds: () => number;
  /** Verifies actor tokens, which are JWT assertions signed with the app's key. */
  jwt: Omit<JwtGrantContext, 'nowMs'>;
}

type RestrictedItem = { type: 'file' | 'folder'; id: string; name: string };

export interface RestrictedToEntry {
  scope: string;
  object: { type: 'file' | 'folder'; id: string; name: string; etag: string; sequence_id: string };
}

export interface ExchangeResponse {
  access_token: string;
  expires_in: number;
  token_type: 'bearer';
  restricted_to: RestrictedToEntry[];
  issued_token_type: typeof ACCESS_TOKEN_TYPE;
}

function invalidResource(description: string): OAuthFailure {
  return new OAuthFailure(400, 'invalid_resource', description);
}

function requestedScopes(raw: string | undefined, subject: IssuedToken, appScopes: readonly string[]): string[] {
  const scopes = splitScopes(raw ?? '');
  if (scopes.length === 0) throw invalidRequest('The scope parameter is required');
  const unknown = unknownScopes(scopes);
  if (unknown.length > 0) throw new OAuthFailure(400, 'invalid_scope', `The requested scope is invalid: ${unknown.join(' ')}`);
  // Also against the app's current scopes, so a test can take one away without a new grant
  // (on Box, a scope change takes effect once the admin re-authorizes the app).
  const appHas = (scope: string) => appScopes.includes(ALL_APP_SCOPES) || appScopes.includes(scope);
  // The spec: "The subject_token will need to have all of these scopes or the call will error with 401 Unauthorized."
  if (!scopes.every((scope) => hasScope(subject, scope) && appHas(scope))) {
    throw new OAuthFailure(401, 'invalid_scope', 'The requested scope exceeds the scope granted to the subject_token');
  }
  return scopes;
}

function itemOfResource(resource: string): { type: 'file' | 'folder'; id: string } {
  const match = /^https:\/\/api\.box\.com\/2\.0\/(files|folders)\/(\d{1,20})$/.exec(resource);
  if (!match) throw invalidResource('The target resource is invalid: expected https://api.box.com/2.0/files/<id> or /2.0/folders/<id>');
  return { type: match[1] === 'files' ? 'file' : 'folder', id: match[2]! };
}

/** The items the new token is limited to; [] means unrestricted, as Box does without resource. */
function restriction(form: ExchangeForm, subject: IssuedToken, context: ExchangeContext): RestrictedItem[] {
  const { files, state } = context;
  if (form.resource && form.box_shared_link) {
    throw invalidRequest('Provide either resource or box_shared_link, not both');
  }
  if (form.box_shared_link) {
    const target = files.resolveSharedLink(form.box_shared_link);
    if (!target) throw invalidResource('The shared link is invalid or no longer available');
    // Box can't downscope with a password-protected link: there is no way to pass the password.
    if (target.passwordProtected) throw invalidResource('Password-protected shared links are not supported for token exchange');
    const file = files.findFile(target.fileId);
    if (!file) throw invalidResource('The shared link is invalid or no longer available');
    return [{ type: 'file', id: file.id, name: file.name }];
  }
  if (form.resource && !state.faults.unrestrictedExchange) {
    const item = itemOfResource(form.resource);
    if (item.type === 'file') {
      const file = files.findFile(item.id);
      // Box can't tell "no such file" from "the service account can't see it".
      if (!file || !tokenSeesFile(state.setup, subject, file.id)) {
        throw invalidResource('The target resource is invalid: it does not exist or the subject_token cannot access it');
      }
      return [{ type: 'file', id: file.id, name: file.name }];
    }
    const folder = files.findFolder(item.id);
    if (!folder || !tokenSeesFolder(state.setup, subject, folder.id) || !serviceAccountSeesFolder(state.setup, folder.id)) {
      throw invalidResource('The target resource is invalid: it does not exist or the subject_token cannot access it');
    }
    return [{ type: 'folder', id: folder.id, name: folder.name }];
  }
  const inherited: RestrictedItem[] = subject.restrictedTo.map((id) => ({ type: 'file', id, name: files.findFile(id)?.name ?? '' }));
  for (const id of subject.restrictedFolders ?? []) inherited.push({ type: 'folder', id, name: files.findFolder(id)?.name ?? '' });
  return inherited;
}

function restrictedToEntries(items: RestrictedItem[], scopes: string[]): RestrictedToEntry[] {
  return items.flatMap((item) =>
    scopes.map((scope) => ({ scope, object: { type: item.type, id: item.id, name: item.name, etag: '0', sequence_id: '0' } })),
  );
}

/** Downscoping (RFC 8693 token exchange) as Box implements it. */
export async function exchangeToken(form: ExchangeForm, context: ExchangeContext): Promise<ExchangeResponse> {
  const { state } = context;
  if (!form.subject_token) throw invalidRequest('The subject_token parameter is required');
  if (form.subject_token_type !== ACCESS_TOKEN_TYPE) {
    throw invalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
  }
  const subject = state.lookup(form.subject_token);
  if (!state.isActive(subject)) throw invalidGrant('The subject_token provided is invalid');
  const scopes = requestedScopes(form.scope, subject, state.setup.appScopes);
  const items = restriction(form, subject, context);
  const actor = await parseActorToken(form.actor_token, form.actor_token_type, { ...context.jwt, nowMs: state.currentTime() });
  const sharedLink = form.box_shared_link ?? subject.sharedLink;
  const ttlSeconds = context.ttlSeconds();
  const files = items.filter((item) => item.type === 'file').map((item) => item.id);
  const folders = items.filter((item) => item.type === 'folder').map((item) => item.id);
  const { accessToken } = mintToken(
    state,
    {
      kind: 'downscoped',
      scopes,
      restrictedTo: files,
      ...(folders.length > 0 ? { restrictedFolders: folders } : {}),
      ...(sharedLink ? { sharedLink } : {}),
      subject: subject.subject,
      ...(actor ? { actor } : subject.actor ? { actor: subject.actor } : {}),
    },
    ttlSeconds,
  );
  state.stats.exchanges += 1;
  return {
    access_token: accessToken,
    expires_in: ttlSeconds,
    token_type: 'bearer',
    restricted_to: restrictedToEntries(items, scopes),
    issued_token_type: ACCESS_TOKEN_TYPE,
  };
}
