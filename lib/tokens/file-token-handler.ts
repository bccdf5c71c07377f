import { clientKeyOf, type Caller } from '../auth/caller';
import { getCaller } from '../auth/get-caller';
import { assertGalleryFile, type AccessPolicy } from '../box/access-policy';
import { parseFileId } from '../box/file-id';
import type { Role } from '../box/roles';
import { getTokenService, type TokenService } from '../box/token-service';
import { handleApiRequest } from '../http/json-response';
import { getTokenRateLimiter, type RateLimiter } from '../http/rate-limit';
import { log } from '../log';
import { fileTokenResponse } from './file-token-response';
import { rejectedTokenHashOf } from './rejected-token-param';
import { processSingleton } from '../process-singleton';

/**
 * GET /api/files/{fileId}/token, framework-free (Web Request → Response) so
 * tests and the benchmark call it directly. Order matters: the id is checked
 * before anything else, the rate limit before any Box call.
 */
export interface FileTokenHandlerDeps {
  tokens: Pick<TokenService, 'getFileToken'>;
  policy: AccessPolicy;
  rateLimiter: RateLimiter;
  resolveCaller: (request: Request) => Promise<Caller>;
}

export type FileTokenHandler = (request: Request, rawFileId: string) => Promise<Response>;

export async function anonymousCaller(request: Request): Promise<Caller> {
  return { kind: 'anonymous', clientKey: clientKeyOf(request) };
}

export function roleOf(caller: Caller): Role {
  return caller.kind === 'editor' ? 'editor' : 'viewer';
}

export function createFileTokenHandler(deps: FileTokenHandlerDeps): FileTokenHandler {
  return (request, rawFileId) =>
    handleApiRequest(request, async (requestId) => {
      const started = performance.now();
      const fileId = parseFileId(rawFileId);
      const rejectedTokenHash = rejectedTokenHashOf(request);
      await deps.rateLimiter.consume(clientKeyOf(request));
      const caller = await deps.resolveCaller(request);
      await deps.policy.assertGalleryFile(fileId);
      const role = roleOf(caller);
      const token = await deps.tokens.getFileToken({ fileId, role, requestId, rejectedTokenHash });
      log.debug({ event: 'http.file_token', requestId, fileId, role, ms: Math.round((performance.now() - started) * 100) / 100 }, 'token route');
      return fileTokenResponse(token);
    });
}


/** The handler wired to the process-wide services. */
export function handleFileTokenRequest(request: Request, rawFileId: string): Promise<Response> {
  const handler = processSingleton('handler.file_token', () =>
    createFileTokenHandler({
      tokens: getTokenService(),
      policy: { assertGalleryFile },
      rateLimiter: getTokenRateLimiter(),
      resolveCaller: getCaller,
    }),
  );
  return handler(request, rawFileId);
}
