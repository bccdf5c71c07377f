import 'server-only';
import { fileNotFound } from '../access/gallery-policy';
import { grantFailureOf, type GrantFailure, type GrantResult } from '../access/grant-result';
import type { FileToken } from '../access/token-service';
import { getFile } from '../box/files';
import { previewFileFor } from '../box/preview-file';
import type { PreviewFileWire } from '../box/types';

/** The server's first token for a page, with the server time it was read at. */
export type InitialToken = FileToken & { serverTime: number };

export type PreviewPageResult =
  | {
      status: 'ok';
      file: { id: string; name: string };
      /** For ContentPreview's API cache: the browser then skips its own metadata request. */
      previewFile: PreviewFileWire;
      token: InitialToken;
    }
  | GrantFailure;

/** The granted file's name for the page title and header, and its object for ContentPreview. */
export async function pageOf(result: GrantResult): Promise<PreviewPageResult> {
  if (result.status !== 'ok') return result;
  const serverTime = Date.now();
  try {
    const file = result.file ?? (await getFile(result.token.fileId));
    if (!file) return { status: 'not_found', error: fileNotFound() };
    return {
      status: 'ok',
      file: { id: file.id, name: file.name },
      previewFile: previewFileFor(file, result.token.scopes),
      token: { ...result.token, serverTime },
    };
  } catch (error) {
    return grantFailureOf(error);
  }
}
