import { SAMPLE_FOLDERS, findSampleFile } from './catalog';
import { findFileBySharedLink } from './content-lookup';

/**
 * What the OAuth side needs to know about content: whether a file exists (and
 * its name, for `restricted_to`) and which file a shared link opens.
 */
export interface SandboxFileInfo {
  id: string;
  name: string;
  etag?: string;
  sequenceId?: string;
  sha1?: string;
}

export interface SharedLinkTarget {
  fileId: string;
  passwordProtected: boolean;
}

export interface SandboxFiles {
  findFile(id: string): SandboxFileInfo | undefined;
  findFolder(id: string): { id: string; name: string } | undefined;
  resolveSharedLink(url: string): SharedLinkTarget | undefined;
}

/** The sample catalog and its shared links. */
export const catalogFiles: SandboxFiles = {
  findFile(id) {
    const file = findSampleFile(id);
    return file ? { id: file.id, name: file.name } : undefined;
  },
  findFolder(id) {
    const folder = SAMPLE_FOLDERS.find((candidate) => candidate.id === id);
    return folder ? { id: folder.id, name: folder.name } : undefined;
  },
  resolveSharedLink(url) {
    const match = findFileBySharedLink(url);
    return match ? { fileId: match.file.id, passwordProtected: match.passwordProtected } : undefined;
  },
};
