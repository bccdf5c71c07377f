import 'server-only';
/**
 * The shapes the rest of Easel sees of Box: camelCase, only what Easel uses.
 * Box's wire types (box-node-sdk's schemas) stay inside lib/box and are
 * mapped to these where they are read.
 */

/** A Box file as the app sees it (camelCase, only what Easel uses). */
export interface BoxFile {
  id: string;
  name: string;
  size: number;
  extension: string;
  versionId: string;
  sha1?: string;
  /** Box's etag for the file's current state (If-None-Match revalidates it). */
  etag?: string;
  /** Every folder above the file, root first (Box's path_collection). */
  parentFolderIds: string[];
  /** The file in Box's wire format with the fields ContentPreview asks for (read with the parent token). */
  wire: PreviewFileWire;
}

/** A Box file object as JSON (snake_case), as box-ui-elements expects it in its API cache. */
export type PreviewFileWire = { type: 'file'; id: string } & Record<string, unknown>;

export interface FileReader {
  /**
   * The file, or undefined when Box has no such file (or none this app can see).
   * `allowStale: false` (access checks) never answers from a copy older than the reader's ttl.
   */
  getFile(fileId: string, options?: { allowStale?: boolean }): Promise<BoxFile | undefined>;
}

/** The ids of the files directly inside a folder (first page of its item list). */
export interface FolderFileIds {
  ids: ReadonlySet<string>;
}

/** A file shown in the gallery grid. */
export interface GalleryFile {
  id: string;
  name: string;
  extension: string;
  size: number;
  versionId: string;
}

export interface GalleryPage {
  files: GalleryFile[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

/** A file's thumbnail, or why there is none yet. */
/**
 * A thumbnail as Box answers it: ready (200, the image), pending (202 while Box
 * generates it, with Retry-After), placeholder (302 to a generic image: Box
 * can't make one for this file) or missing (no such file for this app).
 */
export type Thumbnail =
  | { status: 'ready'; bytes: Buffer; contentType: 'image/jpeg' }
  | { status: 'pending'; retryAfterSeconds: number }
  | { status: 'placeholder' }
  | { status: 'missing' };

export interface DownscopedToken {
  accessToken: string;
  /** Scopes Box granted (a subset of those asked). */
  scopes: string[];
  issuedAt: number;
  expiresAt: number;
}

export interface DownscopeRequest {
  fileId: string;
  scopes: readonly string[];
  /** A named reviewer: the token becomes their annotator token (annotations carry their id and name). */
  actor?: ReviewerActor;
  requestId?: string;
}

/** One of Easel's reviewers, as Box's annotator tokens name them. */
export interface ReviewerActor {
  /** Easel's stable random reviewer id (the actor token's `sub`). */
  id: string;
  /** Display name (plain text, already validated). */
  name: string;
}

/** Whether Box still accepts a token (see token-check.ts). */
export type TokenVerdict = 'dead' | 'alive';
