import 'server-only';
import type { Caller } from '../auth/caller';
import { parseFileId } from '../box/file-id';
import { getEnv } from '../config/env';
import { getTokenRateLimiter, type RateLimiter } from '../http/rate-limit';
import { log } from '../log';
import { processSingleton } from '../process-singleton';
import { assertGalleryFile, type AccessPolicy } from './gallery-policy';
import { grantFailureOf, roleOf, type GrantOptions, type GrantResult } from './grant-result';
import type { AnnotationVisibility } from './roles';
import { getTokenService, type TokenService } from './token-service';

export type FileGrant = (caller: Caller, fileId: string, options?: GrantOptions) => Promise<GrantResult>;

export interface FileGrantDeps {
  tokens: Pick<TokenService, 'getFileToken'>;
  policy: AccessPolicy;
  rateLimiter: RateLimiter;
  /** What anonymous gallery visitors see of annotations (EASEL_GALLERY_ANNOTATIONS; default none). */
  galleryAnnotations?: 'none' | 'all';
}

/** Editors see every annotation; anonymous visitors what the gallery setting allows. */
export function annotationsFor(caller: Caller, galleryAnnotations: 'none' | 'all'): AnnotationVisibility {
  return caller.kind === 'editor' ? 'all' : galleryAnnotations;
}

/**
 * A token for one gallery file with the caller's role. Order matters: the id
 * is checked before anything else, the rate limit before any Box call.
 */
export function createFileGrant(deps: FileGrantDeps): FileGrant {
  return async (caller, rawFileId, options = {}) => {
    try {
      const started = performance.now();
      const fileId = parseFileId(rawFileId);
      await deps.rateLimiter.consume(caller.clientKey);
      await deps.policy.assertGalleryFile(fileId);
      const role = roleOf(caller);
      const annotations = annotationsFor(caller, deps.galleryAnnotations ?? 'none');
      const token = await deps.tokens.getFileToken({ fileId, role, annotations, ...options });
      log.debug({ event: 'access.file_token', requestId: options.requestId, fileId, role, ms: Math.round((performance.now() - started) * 100) / 100 }, 'file token granted');
      return { status: 'ok', token };
    } catch (error) {
      return grantFailureOf(error, options);
    }
  };
}

/** The process-wide file grant (GET /api/files/:id/token and /files/:id). */
export function grantFileToken(caller: Caller, fileId: string, options?: GrantOptions): Promise<GrantResult> {
  const grant = processSingleton('access.file_grant', () =>
    createFileGrant({
      tokens: getTokenService(),
      policy: { assertGalleryFile },
      rateLimiter: getTokenRateLimiter(),
      galleryAnnotations: getEnv().EASEL_GALLERY_ANNOTATIONS,
    }),
  );
  return grant(caller, fileId, options);
}
