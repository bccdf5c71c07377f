import 'server-only';
import type { Caller } from '../auth/caller';
import { getFileReader } from '../box/files';
import { parseFileId } from '../box/file-id';
import type { FileReader } from '../box/types';
import { getEnv } from '../config/env';
import { getTokenRateLimiter, type RateLimiter } from '../http/rate-limit';
import { log } from '../log';
import { processSingleton } from '../process-singleton';
import { assertGalleryFile, fileNotFound, type AccessPolicy } from './gallery-policy';
import { grantFailureOf, roleOf, type GrantOptions, type GrantResult } from './grant-result';
import type { AnnotationVisibility } from './roles';
import { getTokenService, type TokenService } from './token-service';

export type FileGrant = (caller: Caller, fileId: string, options?: GrantOptions) => Promise<GrantResult>;

export interface FileGrantDeps {
  tokens: Pick<TokenService, 'getFileToken' | 'hasUsableToken'>;
  policy: AccessPolicy;
  rateLimiter: RateLimiter;
  files: FileReader;
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
      const role = roleOf(caller);
      const annotations = annotationsFor(caller, deps.galleryAnnotations ?? 'none');
      const { withFile: _withFile, ...tokenOptions } = options;
      // The metadata does not depend on the token: one round trip for both, not two.
      // A view that must mint its token waits on Box anyway, so it reads the metadata
      // fresh; one with a cached token may take the kept copy (revalidated behind it).
      // The access check reads the same file through the same reader (one Box call).
      const file = options.withFile
        ? deps.tokens.hasUsableToken({ fileId, role, annotations }).then((cached) => deps.files.getFile(fileId, { allowStale: cached }))
        : undefined;
      file?.catch(() => undefined); // awaited below; a failed check must not leave it unhandled
      await deps.policy.assertGalleryFile(fileId);
      const token = await deps.tokens.getFileToken({ fileId, role, annotations, ...tokenOptions });
      log.debug({ event: 'access.file_token', requestId: options.requestId, fileId, role, ms: Math.round((performance.now() - started) * 100) / 100 }, 'file token granted');
      if (!file) return { status: 'ok', token };
      const granted = await file;
      if (!granted) throw fileNotFound();
      return { status: 'ok', token, file: granted };
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
      files: getFileReader(),
    }),
  );
  return grant(caller, fileId, options);
}
