import 'server-only';
import { log } from '../log';
import { timeBoxCall } from '../metrics/registry';
import type { BoxConnection } from './connection';
import type { FolderFileIds } from './types';
import { describeBoxFailure, toApiError } from './upstream-error';

/**
 * The ids of the files directly inside a folder, from the first page of its
 * item list (up to 1 000 entries), read with the app's parent token. The
 * access policy answers many membership questions with this one Box call;
 * a file not on the page is checked on its own. It asks for offset 0 only,
 * so Box's refusal of deep offsets never reaches it.
 */

const FOLDER_PAGE_LIMIT = 1000;

export async function readFolderFileIds(connection: BoxConnection, folderId: string): Promise<FolderFileIds> {
  const started = Date.now();
  try {
    const page = await timeBoxCall('folder', () =>
      connection.client.folders.getFolderItems(folderId, { queryParams: { fields: ['id'], limit: FOLDER_PAGE_LIMIT, offset: 0 } }),
    );
    const entries = page.entries ?? [];
    const ids = new Set(entries.filter((item) => item.type === 'file').map((item) => item.id));
    log.debug({ event: 'box.folder.listed', folderId, files: ids.size, ms: Date.now() - started }, 'folder listed');
    return { ids };
  } catch (error) {
    const failure = describeBoxFailure(error);
    // A gallery folder the app cannot see has no members (fail closed).
    if (failure?.status === 404) return { ids: new Set() };
    log.warn({ event: 'box.folder.list_failed', folderId, ms: Date.now() - started, box: failure }, 'folder listing failed');
    throw toApiError(error);
  }
}
