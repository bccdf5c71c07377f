import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { getFile } from '../box/files';
import { log } from '../log';
import { handleFileTokenRequest } from '../tokens/file-token-handler';
import { FileTokenPayloadSchema, type FileTokenPayload } from './preview-token';

/** The server's first token for a page, with the server time it was read at. */
export type InitialToken = FileTokenPayload & { serverTime: number };

export type FilePreviewResult =
  | { status: 'ok'; file: { id: string; name: string }; token: InitialToken }
  | { status: 'not_found' }
  | { status: 'forbidden' }
  | { status: 'unavailable'; retryAfterSeconds?: number };

function failureOf(response: Response): FilePreviewResult {
  if (response.status === 400 || response.status === 404 || response.status === 410) return { status: 'not_found' };
  if (response.status === 401 || response.status === 403) return { status: 'forbidden' };
  const retryAfter = Number(response.headers.get('retry-after'));
  return { status: 'unavailable', ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}) };
}

/**
 * Everything /files/[fileId] needs, once per request (metadata and page share
 * it through React's cache). The first token goes through the very handler
 * behind GET /api/files/:id/token, so the page and later refreshes follow the
 * same validation, rate limit, caller, access policy and role.
 */
export const loadFilePreview = cache(async (rawFileId: string): Promise<FilePreviewResult> => {
  const incoming = await headers();
  const request = new Request(`http://easel.internal/api/files/${encodeURIComponent(rawFileId)}/token`, {
    headers: new Headers(incoming),
  });
  const response = await handleFileTokenRequest(request, rawFileId);
  if (!response.ok) return failureOf(response);
  const serverTime = Date.now();
  const parsed = FileTokenPayloadSchema.safeParse(await response.json());
  if (!parsed.success) {
    log.error({ event: 'preview.bad_token_response', fileId: rawFileId }, 'token handler answered an unexpected body');
    return { status: 'unavailable' };
  }
  try {
    const file = await getFile(parsed.data.fileId);
    if (!file) return { status: 'not_found' };
    return { status: 'ok', file: { id: file.id, name: file.name }, token: { ...parsed.data, serverTime } };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 404) return { status: 'not_found' };
    return { status: 'unavailable' };
  }
});
