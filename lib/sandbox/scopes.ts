/**
 * The scopes Box accepts in a token exchange (the downscoping guide's list
 * and the spec's `ResourceScope` enum, which adds `item_read`). Anything else
 * is `invalid_scope`.
 */
export const BOX_DOWNSCOPE_SCOPES: ReadonlySet<string> = new Set([
  'annotation_edit',
  'annotation_view_all',
  'annotation_view_self',
  'base_explorer',
  'base_picker',
  'base_preview',
  'base_sidebar',
  'base_upload',
  'item_comment',
  'item_delete',
  'item_download',
  'item_preview',
  'item_read',
  'item_rename',
  'item_share',
  'item_upload',
  'root_readonly',
  'root_readwrite',
]);

/** Splits a space-separated scope parameter; empty entries are dropped, order kept, duplicates removed. */
export function splitScopes(raw: string): string[] {
  return [...new Set(raw.split(/\s+/).filter((scope) => scope.length > 0))];
}

export function unknownScopes(scopes: readonly string[]): string[] {
  return scopes.filter((scope) => !BOX_DOWNSCOPE_SCOPES.has(scope));
}
