import type { GrantResult } from '../access/grant-result';
import { jsonResponse } from './json-response';

/**
 * What both token routes answer: the granted token as JSON (never cached:
 * it carries a token), or the grant's error with its status and code.
 */
export function tokenResponse(result: GrantResult, requestId: string): Response {
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
