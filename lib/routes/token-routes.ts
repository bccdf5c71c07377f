import 'server-only';
import type { GrantResult, Grants } from '../access/grants';
import type { Caller } from '../auth/caller';
import { handleApiRequest, jsonResponse } from '../http/json-response';
import type { Visitor } from '../links/visitor';
import { rejectedTokenHashOf } from './rejected-token-param';

/**
 * GET /api/files/{fileId}/token and GET /api/links/{slug}/token, framework-free
 * (Web Request → Response) so tests and the benchmark call them directly.
 * The `rejected` parameter is checked before anything reaches the grants.
 */
export type TokenRoute = (request: Request, param: string) => Promise<Response>;

/** The JSON every token route answers with (never cached: it carries a token), or the grant's error. */
function tokenResponse(result: GrantResult, requestId: string): Response {
  if (result.status !== 'ok') return result.error.toResponse(requestId);
  const { token } = result;
  return jsonResponse({
    accessToken: token.accessToken,
    expiresIn: token.expiresIn,
    expiresAt: token.expiresAt,
    fileId: token.fileId,
    role: token.role,
    scopes: token.scopes,
  });
}

export function createFileTokenRoute(deps: {
  grants: Pick<Grants, 'grantFileToken'>;
  resolveCaller: (request: Request) => Promise<Caller>;
}): TokenRoute {
  return (request, rawFileId) =>
    handleApiRequest(request, async (requestId) => {
      const rejectedTokenHash = rejectedTokenHashOf(request);
      const caller = await deps.resolveCaller(request);
      return tokenResponse(await deps.grants.grantFileToken(caller, rawFileId, { requestId, rejectedTokenHash }), requestId);
    });
}

export function createLinkTokenRoute(deps: {
  grants: Pick<Grants, 'grantLinkToken'>;
  visitorOf: (request: Request) => Visitor;
}): TokenRoute {
  return (request, slug) =>
    handleApiRequest(request, async (requestId) => {
      const rejectedTokenHash = rejectedTokenHashOf(request);
      return tokenResponse(await deps.grants.grantLinkToken(deps.visitorOf(request), slug, { requestId, rejectedTokenHash }), requestId);
    });
}
