import type { FileToken } from '../box/token-service';
import { jsonResponse } from '../http/json-response';

/** The JSON every token route answers with (never cached: it carries a token). */
export function fileTokenResponse(token: FileToken): Response {
  return jsonResponse({
    accessToken: token.accessToken,
    expiresIn: token.expiresIn,
    expiresAt: token.expiresAt,
    fileId: token.fileId,
    role: token.role,
    scopes: token.scopes,
  });
}
