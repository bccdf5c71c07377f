import { filePermissions } from './content-permissions';
import type { RepresentationSpec } from './content-layout';
import { sharedLinkPasswordOf, sharedLinkUrlOf } from './content-lookup';
import { CREATED_AT, MODIFIED_AT, type ContentStore, type StoredFile, type StoredFolder, type StoredItem } from './content-store';
import { selectRepresentations, type RepHint } from './rep-hints';
import type { IssuedToken } from './state';

/**
 * Files and folders in Box's wire format. With `fields`, Box returns the
 * requested fields plus type, id and etag; without, its standard set.
 * Unknown field names are ignored, as Box ignores them.
 */
export interface ObjectContext {
  store: ContentStore;
  baseUrl: string;
  token: IssuedToken;
  repHints?: RepHint[][];
  /** Whether the caller may see a child item (listings leave out the rest). */
  sees?: (item: StoredItem) => boolean;
}

type Json = Record<string, unknown>;
type Builders<T> = Record<string, (item: T) => unknown>;

/** Sandbox content never changes, so every item keeps etag "0". */
export const FILE_ETAG = '0';

const OWNER = { type: 'user', id: '20001', name: 'Easel Sandbox', login: 'sandbox@easel.example' };
const ALWAYS = ['type', 'id', 'etag'];
const MAX_FIELDS = 100;

const FILE_STANDARD = [
  'type', 'id', 'etag', 'sequence_id', 'name', 'sha1', 'file_version', 'description', 'size', 'path_collection',
  'created_at', 'modified_at', 'trashed_at', 'purged_at', 'content_created_at', 'content_modified_at',
  'created_by', 'modified_by', 'owned_by', 'shared_link', 'parent', 'item_status',
];
const FILE_MINI = ['type', 'id', 'etag', 'sequence_id', 'name', 'sha1', 'file_version'];
const FOLDER_STANDARD = [
  'type', 'id', 'etag', 'sequence_id', 'name', 'created_at', 'modified_at', 'description', 'size', 'path_collection',
  'created_by', 'modified_by', 'trashed_at', 'purged_at', 'content_created_at', 'content_modified_at', 'owned_by',
  'shared_link', 'folder_upload_email', 'parent', 'item_status', 'item_collection',
];
const FOLDER_MINI = ['type', 'id', 'etag', 'sequence_id', 'name'];

/** `fields=a,b,c` → the names; undefined when absent or empty. */
export function parseFields(raw: unknown): string[] | undefined {
  if (typeof raw !== 'string') return undefined;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => /^[a-z0-9_]{1,64}$/.test(name));
  return names.length > 0 ? [...new Set(names)].slice(0, MAX_FIELDS) : undefined;
}

function pick<T>(item: T, names: readonly string[], builders: Builders<T>): Json {
  const out: Json = {};
  for (const name of names) {
    const build = builders[name];
    if (build) out[name] = build(item);
  }
  return out;
}

function isRoot(folder: StoredFolder): boolean {
  return folder.parentId === null;
}

function folderMini(folder: StoredFolder): Json {
  return {
    type: 'folder',
    id: folder.id,
    sequence_id: isRoot(folder) ? null : '0',
    etag: isRoot(folder) ? null : '0',
    name: folder.name,
  };
}

function pathCollection(ctx: ObjectContext, item: StoredItem): Json {
  const entries = ctx.store.ancestorsOf(item).map(folderMini);
  return { total_count: entries.length, entries };
}

function parentOf(ctx: ObjectContext, item: StoredItem): Json | null {
  const parent = item.parentId === null ? undefined : ctx.store.folder(item.parentId);
  return parent ? folderMini(parent) : null;
}

function sharedLinkObject(baseUrl: string, file: StoredFile): Json {
  return {
    url: sharedLinkUrlOf(baseUrl, file.id),
    download_url: null,
    vanity_url: null,
    vanity_name: null,
    access: 'open',
    effective_access: 'open',
    effective_permission: 'can_download',
    unshared_at: null,
    is_password_enabled: sharedLinkPasswordOf(file.id) !== undefined,
    permissions: { can_download: true, can_preview: true, can_edit: false },
    download_count: 0,
    preview_count: 0,
  };
}

function representationBase(baseUrl: string, file: StoredFile, rep: RepresentationSpec): string {
  return `${baseUrl}/2.0/internal_files/${file.id}/versions/${file.versionId}/representations/${rep.key}`;
}

/** One `representations.entries[]` item; `info.url` answers with this same object. */
export function representationEntry(baseUrl: string, file: StoredFile, rep: RepresentationSpec): Json {
  const base = representationBase(baseUrl, file, rep);
  return {
    representation: rep.representation,
    properties: rep.dimensions
      ? { dimensions: rep.dimensions, paged: String(rep.paged), thumb: String(rep.thumb) }
      : { paged: String(rep.paged), thumb: 'false' },
    info: { url: base },
    status: { state: 'success' },
    content: { url_template: `${base}/content/{+asset_path}` },
  };
}

function fileBuilders(ctx: ObjectContext): Builders<StoredFile> {
  return {
    type: () => 'file',
    id: (f) => f.id,
    etag: () => '0',
    sequence_id: () => '0',
    name: (f) => f.name,
    sha1: (f) => f.sha1,
    file_version: (f) => ({ type: 'file_version', id: f.versionId, sha1: f.sha1 }),
    description: () => '',
    size: (f) => f.size,
    extension: (f) => f.extension,
    path_collection: (f) => pathCollection(ctx, f),
    parent: (f) => parentOf(ctx, f),
    created_at: () => CREATED_AT,
    modified_at: () => MODIFIED_AT,
    content_created_at: () => CREATED_AT,
    content_modified_at: () => MODIFIED_AT,
    trashed_at: () => null,
    purged_at: () => null,
    created_by: () => OWNER,
    modified_by: () => OWNER,
    owned_by: () => OWNER,
    item_status: () => 'active',
    shared_link: (f) => sharedLinkObject(ctx.baseUrl, f),
    permissions: () => filePermissions(ctx.token),
    representations: (f) => ({
      entries: selectRepresentations(f.representations, ctx.repHints).map((rep) =>
        representationEntry(ctx.baseUrl, f, rep),
      ),
    }),
    watermark_info: () => ({ is_watermarked: false }),
    authenticated_download_url: (f) => `${ctx.baseUrl}/2.0/files/${f.id}/content`,
    is_download_available: () => true,
    version_number: () => '1',
    comment_count: () => 0,
    is_package: () => false,
    has_collaborations: () => false,
    is_externally_owned: () => false,
    tags: () => [],
  };
}

function folderBuilders(ctx: ObjectContext): Builders<StoredFolder> {
  const permissions = filePermissions(ctx.token);
  return {
    type: () => 'folder',
    id: (f) => f.id,
    etag: (f) => folderMini(f).etag,
    sequence_id: (f) => folderMini(f).sequence_id,
    name: (f) => f.name,
    description: () => '',
    size: (f) => ctx.store.folderSize(f.id),
    path_collection: (f) => pathCollection(ctx, f),
    parent: (f) => parentOf(ctx, f),
    created_at: (f) => (isRoot(f) ? null : CREATED_AT),
    modified_at: (f) => (isRoot(f) ? null : MODIFIED_AT),
    content_created_at: (f) => (isRoot(f) ? null : CREATED_AT),
    content_modified_at: (f) => (isRoot(f) ? null : MODIFIED_AT),
    trashed_at: () => null,
    purged_at: () => null,
    created_by: () => OWNER,
    modified_by: () => OWNER,
    owned_by: () => OWNER,
    shared_link: () => null,
    folder_upload_email: () => null,
    item_status: () => 'active',
    has_collaborations: () => false,
    permissions: () => ({
      can_download: permissions.can_download,
      can_upload: permissions.can_upload,
      can_rename: permissions.can_rename,
      can_delete: permissions.can_delete,
      can_share: permissions.can_share,
      can_invite_collaborator: permissions.can_invite_collaborator,
      can_set_share_access: permissions.can_set_share_access,
    }),
    item_collection: (f) => itemPage(ctx, f, { offset: 0, limit: 100 }),
    tags: () => [],
    is_externally_owned: () => false,
    is_collaboration_restricted_to_enterprise: () => false,
    can_non_owners_invite: () => true,
    can_non_owners_view_collaborators: () => true,
    allowed_shared_link_access_levels: () => ['open', 'company', 'collaborators'],
    allowed_invitee_roles: () => ['editor', 'viewer', 'previewer', 'uploader', 'previewer uploader', 'viewer uploader', 'co-owner'],
    watermark_info: () => ({ is_watermarked: false }),
    is_accessible_via_shared_link: () => false,
    sync_state: () => 'not_synced',
  };
}

export function fileObject(ctx: ObjectContext, file: StoredFile, fields?: readonly string[]): Json {
  return pick(file, fields ? [...ALWAYS, ...fields] : FILE_STANDARD, fileBuilders(ctx));
}

export function folderObject(ctx: ObjectContext, folder: StoredFolder, fields?: readonly string[]): Json {
  return pick(folder, fields ? [...ALWAYS, ...fields] : FOLDER_STANDARD, folderBuilders(ctx));
}

/** Items in listings: their mini form plus any requested fields. */
function itemObject(ctx: ObjectContext, item: StoredItem, fields?: readonly string[]): Json {
  if (item.type === 'file') return pick(item, [...FILE_MINI, ...(fields ?? [])], fileBuilders(ctx));
  return pick(item, [...FOLDER_MINI, ...(fields ?? [])], folderBuilders(ctx));
}

export type SortField = 'id' | 'name' | 'date' | 'size';
export type SortDirection = 'ASC' | 'DESC';

export interface PageRequest {
  /** Offset paging (Box's default). */
  offset: number;
  limit: number;
  fields?: readonly string[];
  /** Marker paging (`usemarker=true`): the position to start at, 0 for the first page. */
  marker?: { start: number };
  sort?: SortField;
  direction?: SortDirection;
}

function sortValue(ctx: ObjectContext, item: StoredItem, field: SortField): string | number {
  switch (field) {
    case 'id':
      return Number(item.id);
    case 'name':
      return item.name.toLocaleLowerCase('en');
    case 'date':
      return item.type === 'folder' && item.parentId === null ? '' : MODIFIED_AT;
    case 'size':
      return item.type === 'file' ? item.size : ctx.store.folderSize(item.id);
  }
}

/** Box sorts by type first (folders, then files), then by `sort` in `direction`; ties by id. */
export function sortedChildren(ctx: ObjectContext, folder: StoredFolder, sort: SortField, direction: SortDirection): StoredItem[] {
  const children = ctx.store.childrenOf(folder.id).filter((item) => ctx.sees?.(item) ?? true);
  const sign = direction === 'DESC' ? -1 : 1;
  const compare = (a: StoredItem, b: StoredItem): number => {
    if (a.type !== b.type) return a.type === 'folder' ? -1 : 1;
    const left = sortValue(ctx, a, sort);
    const right = sortValue(ctx, b, sort);
    const byField = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right), 'en');
    return sign * (byField !== 0 ? byField : Number(a.id) - Number(b.id));
  };
  return [...children].sort(compare);
}

/** Opaque marker for marker paging: the next position, base64url-encoded. */
export function encodeMarker(position: number): string {
  return Buffer.from(`easel-marker:${position}`).toString('base64url');
}

export function decodeMarker(marker: string): number | undefined {
  const match = /^easel-marker:(\d{1,7})$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** Box's item collection: offset paging (total_count, offset, order) or marker paging (next_marker). */
export function itemPage(ctx: ObjectContext, folder: StoredFolder, page: PageRequest): Json {
  const sort = page.sort ?? 'name';
  const direction = page.direction ?? 'ASC';
  const children = sortedChildren(ctx, folder, sort, direction);
  // A listing never nests another listing.
  const fields = page.fields?.filter((name) => name !== 'item_collection');
  if (page.marker) {
    const start = page.marker.start;
    const end = start + page.limit;
    return {
      entries: children.slice(start, end).map((item) => itemObject(ctx, item, fields)),
      limit: page.limit,
      next_marker: end < children.length ? encodeMarker(end) : null,
      prev_marker: start > 0 ? encodeMarker(Math.max(0, start - page.limit)) : null,
    };
  }
  return {
    total_count: children.length,
    entries: children.slice(page.offset, page.offset + page.limit).map((item) => itemObject(ctx, item, fields)),
    offset: page.offset,
    limit: page.limit,
    order: [
      { by: 'type', direction: 'ASC' },
      { by: sort, direction },
    ],
  };
}
