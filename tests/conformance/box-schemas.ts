import { z } from 'zod';

/**
 * Box's published contract (box/box-openapi, openapi.json at c9a878a9),
 * written as zod schemas for the responses of the endpoints the sandbox
 * implements. Field names, types, enums, nullability and required fields are
 * the spec's; objects stay open (the spec does not forbid extra fields, and
 * Box's own answers carry undocumented ones such as
 * `authenticated_download_url`). Two deliberate departures, each noted where
 * it is made: the spec's typos and omissions that Box's real answers
 * contradict.
 */

const nullableString = z.string().nullable();
const int = z.number().int();

// OAuth 2.0: components.schemas.AccessToken, ResourceScope, OAuth2Error.
export const ResourceScope = z.object({
  scope: z.enum([
    'annotation_edit',
    'annotation_view_all',
    'annotation_view_self',
    'base_explorer',
    'base_picker',
    'base_preview',
    'base_upload',
    'item_delete',
    'item_download',
    'item_preview',
    'item_rename',
    'item_share',
    'item_upload',
    'item_read',
  ]),
  object: z.union([
    z.object({ type: z.literal('file'), id: z.string(), etag: nullableString.optional(), sequence_id: z.string().optional(), name: z.string().optional() }),
    z.object({ type: z.literal('folder'), id: z.string(), etag: nullableString.optional(), sequence_id: z.string().optional(), name: z.string().optional() }),
  ]),
});

export const AccessToken = z.object({
  access_token: z.string(),
  expires_in: int,
  token_type: z.literal('bearer'),
  restricted_to: z.array(ResourceScope).optional(),
  refresh_token: z.string().optional(),
  issued_token_type: z.literal('urn:ietf:params:oauth:token-type:access_token').optional(),
});

export const OAuth2Error = z.object({ error: z.string(), error_description: z.string() });

// components.schemas.ClientError. `code` is checked against the union of the
// spec's enum and the error codes of Box's guide (common-errors.md), since the
// spec's enum omits codes the guide and the endpoints' own descriptions use
// (invalid_limit, requested_preview_unavailable, rate_limit_exceeded, ...).
export const CLIENT_ERROR_CODES = [
  // spec enum
  'created', 'accepted', 'no_content', 'redirect', 'not_modified', 'bad_request', 'unauthorized', 'forbidden', 'not_found',
  'method_not_allowed', 'conflict', 'precondition_failed', 'too_many_requests', 'internal_server_error', 'unavailable',
  'item_name_invalid', 'insufficient_scope',
  // guide-error-codes.json
  'access_denied_insufficient_permissions', 'access_denied_item_locked', 'access_from_location_blocked', 'bad_digest',
  'bad_gateway', 'cannot_make_collaborated_subfolder_private', 'collaborations_not_available_on_root_folder',
  'cors_origin_not_whitelisted', 'cyclical_folder_structure', 'file_size_limit_exceeded', 'folder_not_empty',
  'forbidden_by_policy', 'incorrect_shared_item_password', 'invalid_collaboration_item', 'invalid_grant', 'invalid_limit',
  'invalid_offset', 'invalid_request_parameters', 'invalid_status', 'invalid_upload_session_id', 'item_name_in_use',
  'item_name_too_long', 'length_required', 'metadata_after_file_contents', 'name_temporarily_reserved', 'not_trashed',
  'operation_blocked_temporary', 'password_reset_required', 'preview_cannot_be_generated', 'rate_limit_exceeded',
  'recent_similar_comment', 'request_entity_too_large', 'requested_page_out_of_range', 'requested_preview_unavailable',
  'session_expired', 'storage_limit_exceeded', 'sync_item_move_failure', 'sync_state_precondition_failed',
  'task_assignee_not_allowed', 'terms_of_service_required', 'trashed', 'unsupported_media_type', 'upload_failed',
  'user_already_collaborator', 'user_email_confirmation_required', 'user_login_already_used',
] as const;

export const ClientError = z.object({
  type: z.literal('error'),
  status: int,
  code: z.enum(CLIENT_ERROR_CODES),
  message: z.string(),
  context_info: z.record(z.string(), z.unknown()).nullable().optional(),
  // nullable: false in the spec, and Box's own error bodies always carry it.
  help_url: z.string(),
  request_id: z.string(),
});

// Users, versions, folders and files (mini / full).
export const UserMini = z.object({ type: z.literal('user'), id: z.string(), name: z.string().optional(), login: z.string().optional() });
// components.schemas.User--Full (the fields the sandbox returns).
export const UserFull = UserMini.extend({
  status: z.enum(['active', 'inactive', 'cannot_delete_edit', 'cannot_delete_edit_upload']).optional(),
  created_at: z.string().optional(),
  modified_at: z.string().optional(),
});
export const FileVersionMini = z.object({ type: z.literal('file_version'), id: z.string(), sha1: z.string().optional() });

// The spec types a mini folder's sequence_id as a non-null string; Box answers
// null for the root folder ("All Files"), as its API reference examples show.
export const FolderMini = z.object({
  type: z.literal('folder'),
  id: z.string(),
  etag: nullableString.optional(),
  sequence_id: nullableString.optional(),
  name: z.string().optional(),
});

export const FileMini = z.object({
  type: z.literal('file'),
  id: z.string(),
  etag: nullableString.optional(),
  sequence_id: z.string().optional(),
  name: z.string().optional(),
  sha1: z.string().optional(),
  file_version: FileVersionMini.optional(),
});

const PathCollection = z.object({ total_count: int, entries: z.array(FolderMini) });

// The spec lists `accessed` as required, a typo for `access` (the property it
// defines, and what Box sends): `access` is required here.
export const SharedLink = z.object({
  url: z.string(),
  download_url: nullableString.optional(),
  vanity_url: nullableString.optional(),
  vanity_name: nullableString.optional(),
  access: z.enum(['open', 'company', 'collaborators']),
  effective_access: z.enum(['open', 'company', 'collaborators']),
  effective_permission: z.enum(['can_edit', 'can_download', 'can_preview', 'no_access']),
  unshared_at: nullableString.optional(),
  is_password_enabled: z.boolean(),
  permissions: z.object({ can_download: z.boolean(), can_preview: z.boolean(), can_edit: z.boolean() }).optional(),
  download_count: int,
  preview_count: int,
});

const basePermissions = {
  can_delete: z.boolean(),
  can_download: z.boolean(),
  can_invite_collaborator: z.boolean(),
  can_rename: z.boolean(),
  can_set_share_access: z.boolean(),
  can_share: z.boolean(),
};

export const FilePermissions = z.object({
  ...basePermissions,
  can_annotate: z.boolean().optional(),
  can_comment: z.boolean().optional(),
  can_preview: z.boolean().optional(),
  can_upload: z.boolean().optional(),
  can_view_annotations_all: z.boolean().optional(),
  can_view_annotations_self: z.boolean().optional(),
  can_apply_watermark: z.boolean().optional(),
});

export const FolderPermissions = z.object({
  ...basePermissions,
  can_upload: z.boolean().optional(),
  can_apply_watermark: z.boolean().optional(),
});

export const RepresentationEntry = z.object({
  content: z.object({ url_template: z.string() }).optional(),
  info: z.object({ url: z.string() }).optional(),
  properties: z.object({ dimensions: z.string().optional(), paged: z.string().optional(), thumb: z.string().optional() }).optional(),
  representation: z.string().optional(),
  status: z.object({ state: z.enum(['success', 'viewable', 'pending', 'none']).optional() }).optional(),
});

const WatermarkInfo = z.object({
  is_watermarked: z.boolean().optional(),
  is_watermark_inherited: z.boolean().optional(),
  is_watermarked_by_access_policy: z.boolean().optional(),
});

const itemStatus = z.enum(['active', 'trashed', 'deleted']);

export const FileFull = FileMini.extend({
  description: z.string().optional(),
  size: int.optional(),
  path_collection: PathCollection.optional(),
  created_at: z.string().optional(),
  modified_at: z.string().optional(),
  trashed_at: nullableString.optional(),
  purged_at: nullableString.optional(),
  content_created_at: nullableString.optional(),
  content_modified_at: nullableString.optional(),
  created_by: UserMini.optional(),
  modified_by: UserMini.optional(),
  owned_by: UserMini.optional(),
  shared_link: SharedLink.optional(),
  parent: FolderMini.nullable().optional(),
  item_status: itemStatus.optional(),
  version_number: z.string().optional(),
  comment_count: int.optional(),
  permissions: FilePermissions.optional(),
  tags: z.array(z.string()).optional(),
  extension: z.string().optional(),
  is_package: z.boolean().optional(),
  watermark_info: WatermarkInfo.optional(),
  is_accessible_via_shared_link: z.boolean().optional(),
  is_externally_owned: z.boolean().optional(),
  has_collaborations: z.boolean().optional(),
  representations: z.object({ entries: z.array(RepresentationEntry).optional() }).optional(),
});

const ItemMini = z.union([FileMini, FolderMini]);

const ItemsOffset = z.object({
  total_count: int.optional(),
  limit: int.optional(),
  offset: int.optional(),
  order: z.array(z.object({ by: z.string().optional(), direction: z.enum(['ASC', 'DESC']).optional() })).optional(),
  next_marker: nullableString.optional(),
  prev_marker: nullableString.optional(),
  entries: z.array(ItemMini).optional(),
});

export const Items = ItemsOffset;

export const FolderFull = FolderMini.extend({
  created_at: nullableString.optional(),
  modified_at: nullableString.optional(),
  description: z.string().optional(),
  size: int.optional(),
  path_collection: PathCollection.optional(),
  created_by: UserMini.optional(),
  modified_by: UserMini.optional(),
  trashed_at: nullableString.optional(),
  purged_at: nullableString.optional(),
  content_created_at: nullableString.optional(),
  content_modified_at: nullableString.optional(),
  owned_by: UserMini.optional(),
  shared_link: SharedLink.nullable().optional(),
  folder_upload_email: z.object({ access: z.enum(['open', 'collaborators']).optional(), email: z.string().optional() }).nullable().optional(),
  parent: FolderMini.nullable().optional(),
  item_status: itemStatus.optional(),
  item_collection: Items.optional(),
  sync_state: z.enum(['synced', 'not_synced', 'partially_synced']).optional(),
  has_collaborations: z.boolean().optional(),
  permissions: FolderPermissions.optional(),
  tags: z.array(z.string()).optional(),
  can_non_owners_invite: z.boolean().optional(),
  is_externally_owned: z.boolean().optional(),
  is_collaboration_restricted_to_enterprise: z.boolean().optional(),
  allowed_shared_link_access_levels: z.array(z.enum(['open', 'company', 'collaborators'])).optional(),
  allowed_invitee_roles: z.array(z.string()).optional(),
  watermark_info: WatermarkInfo.optional(),
  is_accessible_via_shared_link: z.boolean().optional(),
  can_non_owners_view_collaborators: z.boolean().optional(),
});
