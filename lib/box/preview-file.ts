import 'server-only';
import type { BoxFile, PreviewFileWire } from './types';

/**
 * The file object a downscoped token would get from GET /2.0/files/:id, made
 * from the one the server read with its parent token: the same fields, with
 * `permissions` narrowed to what the token's scopes allow (a permission is
 * true only when the parent saw it true and a scope grants it; anything no
 * scope grants is false). ContentPreview finds it in its API cache and skips
 * its own request.
 */
const GRANTED_BY: Record<string, readonly string[]> = {
  can_preview: ['base_preview', 'item_preview', 'item_download'],
  can_download: ['item_download'],
  can_print: ['item_download'],
  can_annotate: ['annotation_edit'],
  can_create_annotations: ['annotation_edit'],
  can_view_annotations_all: ['annotation_view_all'],
  can_view_annotations_self: ['annotation_view_all', 'annotation_view_self'],
  can_view_annotations: ['annotation_view_all', 'annotation_view_self'],
  can_upload: ['item_upload'],
  can_rename: ['item_rename'],
  can_delete: ['item_delete'],
  can_share: ['item_share'],
  can_set_share_access: ['item_share'],
};

export function previewFileFor(file: BoxFile, scopes: readonly string[]): PreviewFileWire {
  const held = new Set(scopes);
  const parent = file.wire.permissions && typeof file.wire.permissions === 'object' ? (file.wire.permissions as Record<string, unknown>) : {};
  const permissions: Record<string, boolean> = {};
  for (const [name, value] of Object.entries(parent)) {
    if (typeof value !== 'boolean') continue;
    permissions[name] = value && (GRANTED_BY[name] ?? []).some((scope) => held.has(scope));
  }
  return { ...file.wire, permissions };
}
