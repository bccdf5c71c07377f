import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../http/api-error';
import type { Session } from './session';

const CSRF_HEADER = 'x-csrf-token';

/** The session's CSRF token, created on first use (the caller saves the session). */
export function ensureCsrfToken(session: Session): string {
  session.csrfToken ??= randomBytes(32).toString('base64url');
  return session.csrfToken;
}

/** Constant-time comparison; digests make the lengths equal. */
export function csrfTokensMatch(expected: string | undefined, given: string | null | undefined): boolean {
  if (!expected || !given) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** Every mutation calls this first: the request must carry the session's token. */
export function assertCsrf(request: Request, session: Session): void {
  if (!csrfTokensMatch(session.csrfToken, request.headers.get(CSRF_HEADER))) {
    throw new ApiError('forbidden:csrf', 'This request is missing its security token. Reload the page and try again.');
  }
}
