import { describe, expect, it } from 'vitest';
import { previewFileFor } from '@/lib/box/preview-file';
import type { BoxFile } from '@/lib/box/types';

const PARENT_PERMISSIONS = {
  can_download: true,
  can_preview: true,
  can_upload: true,
  can_comment: true,
  can_rename: true,
  can_delete: true,
  can_share: true,
  can_set_share_access: true,
  can_invite_collaborator: true,
  can_annotate: true,
  can_create_annotations: true,
  can_view_annotations_all: true,
  can_view_annotations_self: true,
  can_print: false,
};

const file: BoxFile = {
  id: '1001',
  name: 'Sunset.jpg',
  size: 10,
  extension: 'jpg',
  versionId: '91001',
  parentFolderIds: ['0', '100'],
  wire: { type: 'file', id: '1001', name: 'Sunset.jpg', permissions: PARENT_PERMISSIONS, shared_link: null, representations: { entries: [] } },
};

describe('the file object handed to ContentPreview', () => {
  it('carries only what a viewer token may do', () => {
    const permissions = previewFileFor(file, ['base_preview', 'annotation_view_all']).permissions as Record<string, boolean>;
    expect(permissions).toMatchObject({ can_preview: true, can_view_annotations_all: true, can_download: false, can_annotate: false, can_upload: false, can_delete: false, can_share: false, can_comment: false, can_invite_collaborator: false });
  });

  it('lets an editor download, and never grants what the parent token lacked', () => {
    const permissions = previewFileFor(file, ['base_preview', 'annotation_view_all', 'annotation_edit', 'item_download']).permissions as Record<string, boolean>;
    expect(permissions).toMatchObject({ can_download: true, can_annotate: true, can_create_annotations: true, can_print: false });
  });

  it('keeps the other fields and never reveals the folders above the file', () => {
    const wire = previewFileFor(file, ['base_preview']);
    expect(wire).toMatchObject({ type: 'file', id: '1001', name: 'Sunset.jpg', representations: { entries: [] } });
    expect(JSON.stringify(wire)).not.toContain('path_collection');
  });
});
