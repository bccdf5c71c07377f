import { ROOT_FOLDER_ID, SAMPLE_FOLDERS, findSampleFile } from './catalog';
import type { SandboxSetup } from './setup';
import type { IssuedToken } from './state';

/**
 * What a token may see. Two things limit it, as on Box: what the service
 * account can see (the folders it is collaborated on, and everything below
 * them; its own root) and the token's own restriction (downscoped to a file
 * or a folder). A token minted from a shared link sees the linked file
 * through the link, collaborated or not.
 */

const PARENT_BY_FOLDER = new Map(SAMPLE_FOLDERS.map((folder) => [folder.id, folder.parentId]));

/** The folder and its ancestors, nearest first (root last). */
export function folderChainOf(folderId: string): string[] {
  const chain: string[] = [];
  let current: string | undefined = folderId;
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current);
    current = current === ROOT_FOLDER_ID ? undefined : PARENT_BY_FOLDER.get(current);
  }
  return chain;
}

export function folderOfFile(fileId: string): string | undefined {
  return findSampleFile(fileId)?.folderId;
}

/** The service account sees its root, and collaborated folders with their subfolders. */
export function serviceAccountSeesFolder(setup: SandboxSetup, folderId: string): boolean {
  if (folderId === ROOT_FOLDER_ID) return true;
  return folderChainOf(folderId).some((id) => setup.collaboratedFolderIds.includes(id));
}

export function serviceAccountSeesFile(setup: SandboxSetup, fileId: string): boolean {
  const folderId = folderOfFile(fileId);
  return folderId !== undefined && serviceAccountSeesFolder(setup, folderId);
}

export function isRestricted(token: IssuedToken): boolean {
  return token.restrictedTo.length > 0 || (token.restrictedFolders?.length ?? 0) > 0;
}

export function withinRestriction(token: IssuedToken, fileId: string): boolean {
  if (!isRestricted(token)) return true;
  if (token.restrictedTo.includes(fileId)) return true;
  const folderId = folderOfFile(fileId);
  const folders = token.restrictedFolders ?? [];
  return folderId !== undefined && folderChainOf(folderId).some((id) => folders.includes(id));
}

export function tokenSeesFile(setup: SandboxSetup, token: IssuedToken, fileId: string): boolean {
  if (!withinRestriction(token, fileId)) return false;
  if (token.sharedLink !== undefined && token.restrictedTo.includes(fileId)) return true;
  return serviceAccountSeesFile(setup, fileId);
}

/** Folder listings: an unrestricted token, or one restricted to this folder or one above it. */
export function tokenSeesFolder(setup: SandboxSetup, token: IssuedToken, folderId: string): boolean {
  if (token.restrictedTo.length > 0 && (token.restrictedFolders?.length ?? 0) === 0) return false;
  const folders = token.restrictedFolders ?? [];
  if (folders.length > 0 && !folderChainOf(folderId).some((id) => folders.includes(id))) return false;
  return serviceAccountSeesFolder(setup, folderId);
}
