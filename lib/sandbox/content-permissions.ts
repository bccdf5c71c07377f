import { ALL_SCOPES, type IssuedToken } from './state';

/**
 * What a token may do with content, from its scopes. A parent token (or a
 * root_readwrite one) may do everything; root_readonly may read, preview and
 * download but not change anything.
 */
const READ_ONLY_ROOT = 'root_readonly';

function has(token: IssuedToken, scope: string): boolean {
  return token.kind === 'parent' || token.scopes.includes(ALL_SCOPES) || token.scopes.includes(scope);
}

function canReadAll(token: IssuedToken): boolean {
  return has(token, ALL_SCOPES) || token.scopes.includes(READ_ONLY_ROOT);
}

export function canPreview(token: IssuedToken): boolean {
  return canReadAll(token) || has(token, 'base_preview') || has(token, 'item_preview') || has(token, 'item_download');
}

export function canDownload(token: IssuedToken): boolean {
  return canReadAll(token) || has(token, 'item_download');
}

export function canViewAllAnnotations(token: IssuedToken): boolean {
  return canReadAll(token) || has(token, 'annotation_view_all');
}

export function canViewOwnAnnotations(token: IssuedToken): boolean {
  return canViewAllAnnotations(token) || has(token, 'annotation_view_self');
}

export function canEditAnnotations(token: IssuedToken): boolean {
  return has(token, 'annotation_edit');
}

/** Box's `permissions` object on a file, as the token sees it. */
export function filePermissions(token: IssuedToken): Record<string, boolean> {
  const write = has(token, ALL_SCOPES);
  const download = canDownload(token);
  const annotate = canEditAnnotations(token);
  const viewAll = canViewAllAnnotations(token);
  const viewSelf = canViewOwnAnnotations(token);
  return {
    can_download: download,
    can_print: download,
    can_preview: canPreview(token),
    can_upload: write || has(token, 'item_upload'),
    can_comment: write,
    can_rename: write || has(token, 'item_rename'),
    can_delete: write || has(token, 'item_delete'),
    can_share: write || has(token, 'item_share'),
    can_set_share_access: write || has(token, 'item_share'),
    can_invite_collaborator: write,
    can_annotate: annotate,
    can_create_annotations: annotate,
    can_view_annotations_all: viewAll,
    can_view_annotations_self: viewSelf,
    can_view_annotations: viewAll || viewSelf,
  };
}

/** Listing folders: any read-like scope on an unrestricted token. */
export function canBrowse(token: IssuedToken): boolean {
  return canPreview(token) || has(token, 'base_explorer') || has(token, 'base_picker');
}
