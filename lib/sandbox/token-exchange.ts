import { parseActorToken } from './actor-token';
import { OAuthFailure, invalidGrant, invalidRequest } from './oauth-failure';
import type { SandboxFileInfo, SandboxFiles } from './sandbox-files';
import { splitScopes, unknownScopes } from './scopes';
import { hasScope, type IssuedToken, type SandboxState } from './state';
import { mintToken } from './token-mint';

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
  /** API origins a `resource` URL may use: Box's and the sandbox's own. */
  apiOrigins: readonly string[];
  ttlSeconds: number;
  clientSecret: string;
}

export interface RestrictedToEntry {
  scope: string;
  object: { type: 'file'; id: string; name: string; etag: string; sequence_id: string; sha1?: string };
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

function requestedScopes(raw: string | undefined, subject: IssuedToken): string[] {
  const scopes = splitScopes(raw ?? '');
  if (scopes.length === 0) throw invalidRequest('The scope parameter is required');
  const unknown = unknownScopes(scopes);
  if (unknown.length > 0) throw new OAuthFailure(400, 'invalid_scope', `The requested scope is invalid: ${unknown.join(' ')}`);
  if (!scopes.every((scope) => hasScope(subject, scope))) {
    throw new OAuthFailure(400, 'invalid_scope', 'The requested scope exceeds the scope granted to the subject_token');
  }
  return scopes;
}

function fileIdOfResource(resource: string, apiOrigins: readonly string[]): string {
  for (const origin of apiOrigins) {
    const prefix = `${origin}/2.0/files/`;
    if (resource.startsWith(prefix)) {
      const id = resource.slice(prefix.length);
      if (/^\d{1,20}$/.test(id)) return id;
    }
  }
  throw invalidResource('The target resource is invalid: expected https://api.box.com/2.0/files/<id>');
}

/** The files the new token is limited to; [] means unrestricted, as Box does without resource. */
function restriction(form: ExchangeForm, subject: IssuedToken, context: ExchangeContext): SandboxFileInfo[] {
  if (form.resource && form.box_shared_link) {
    throw invalidRequest('Provide either resource or box_shared_link, not both');
  }
  let fileId: string | undefined;
  if (form.resource && !context.state.faults.unrestrictedExchange) {
    fileId = fileIdOfResource(form.resource, context.apiOrigins);
  } else if (form.box_shared_link) {
    const target = context.files.resolveSharedLink(form.box_shared_link);
    if (!target) throw invalidResource('The shared link is invalid or no longer available');
    // Box can't downscope with a password-protected link: there is no way to pass the password.
    if (target.passwordProtected) throw invalidResource('Password-protected shared links are not supported for token exchange');
    fileId = target.fileId;
  }
  if (fileId === undefined) {
    return subject.restrictedTo.map((id) => context.files.findFile(id) ?? { id, name: '' });
  }
  const file = context.files.findFile(fileId);
  if (!file) throw invalidResource('The target resource is invalid: the file does not exist');
  if (subject.restrictedTo.length > 0 && !subject.restrictedTo.includes(file.id)) {
    throw invalidResource('The target resource is outside the subject_token restriction');
  }
  return [file];
}

function restrictedToEntries(files: SandboxFileInfo[], scopes: string[]): RestrictedToEntry[] {
  return files.flatMap((file) =>
    scopes.map((scope) => ({
      scope,
      object: {
        type: 'file' as const,
        id: file.id,
        name: file.name,
        etag: file.etag ?? '0',
        sequence_id: file.sequenceId ?? '0',
        ...(file.sha1 ? { sha1: file.sha1 } : {}),
      },
    })),
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
  const scopes = requestedScopes(form.scope, subject);
  const files = restriction(form, subject, context);
  const actor = await parseActorToken(form.actor_token, form.actor_token_type, context.clientSecret, state.currentTime());
  const sharedLink = form.box_shared_link ?? subject.sharedLink;
  const { accessToken } = mintToken(
    state,
    {
      kind: 'downscoped',
      scopes,
      restrictedTo: files.map((file) => file.id),
      ...(sharedLink ? { sharedLink } : {}),
      subject: subject.subject,
      ...(actor ? { actor } : subject.actor ? { actor: subject.actor } : {}),
    },
    context.ttlSeconds,
  );
  state.stats.exchanges += 1;
  return {
    access_token: accessToken,
    expires_in: context.ttlSeconds,
    token_type: 'bearer',
    restricted_to: restrictedToEntries(files, scopes),
    issued_token_type: ACCESS_TOKEN_TYPE,
  };
}
