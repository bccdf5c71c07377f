import { z } from 'zod';
import { ConfigError } from '../config/env';

/**
 * What each kind of visitor may do with a file, as Box scopes. Defaults:
 * viewers see the file and everyone's annotations, annotators also annotate,
 * editors also download and print. EASEL_ROLE_SCOPES overrides any role.
 */
export type Role = 'viewer' | 'annotator' | 'editor';

export type RoleScopes = Readonly<Record<Role, readonly string[]>>;

/** Scopes that make sense on a single-file preview token. */
const PREVIEW_SCOPES: ReadonlySet<string> = new Set([
  'base_preview',
  'item_preview',
  'item_download',
  'annotation_view_self',
  'annotation_view_all',
  'annotation_edit',
]);

const VIEWER = ['base_preview', 'annotation_view_all'];
const ANNOTATOR = [...VIEWER, 'annotation_edit'];
const EDITOR = [...ANNOTATOR, 'item_download'];

export const DEFAULT_ROLE_SCOPES: RoleScopes = { viewer: VIEWER, annotator: ANNOTATOR, editor: EDITOR };

const DOWNLOAD_SCOPE = 'item_download';

const ScopeList = z
  .string()
  .transform((raw) => [...new Set(raw.split(/\s+/).filter(Boolean))])
  .pipe(z.array(z.string().refine((scope) => PREVIEW_SCOPES.has(scope), 'is not a preview scope')).min(1, 'needs at least one scope'));

const OverridesSchema = z.object({ viewer: ScopeList, annotator: ScopeList, editor: ScopeList }).partial().strict();

/** Parses EASEL_ROLE_SCOPES (a JSON object of role → space-separated scopes). */
export function parseRoleScopes(raw: string | undefined): RoleScopes {
  if (raw === undefined) return DEFAULT_ROLE_SCOPES;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError('EASEL_ROLE_SCOPES is not valid JSON (expected e.g. {"viewer":"base_preview"})');
  }
  const parsed = OverridesSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`EASEL_ROLE_SCOPES is invalid: ${problems.join('; ')} (allowed scopes: ${[...PREVIEW_SCOPES].join(', ')})`);
  }
  return { ...DEFAULT_ROLE_SCOPES, ...parsed.data };
}

/**
 * Whose annotations a token may show: everyone's (`annotation_view_all`),
 * only the token's own actor's (`annotation_view_self`), or none at all.
 */
export const ANNOTATION_VISIBILITIES = ['all', 'self', 'none'] as const;
export type AnnotationVisibility = (typeof ANNOTATION_VISIBILITIES)[number];

const VIEW_ALL = 'annotation_view_all';
const VIEW_SELF = 'annotation_view_self';
const EDIT = 'annotation_edit';

/**
 * The scopes to ask for: the role's, plus item_download when the link allows
 * downloads, with the role's annotation viewing narrowed to `annotations`
 * ('none' also drops annotation_edit: no one comments on what they can't see).
 */
export function scopesFor(roleScopes: RoleScopes, role: Role, allowDownload = false, annotations: AnnotationVisibility = 'all'): string[] {
  const scopes = new Set(roleScopes[role]);
  if (allowDownload) scopes.add(DOWNLOAD_SCOPE);
  if (annotations === 'self' && scopes.delete(VIEW_ALL)) scopes.add(VIEW_SELF);
  if (annotations === 'none') for (const scope of [VIEW_ALL, VIEW_SELF, EDIT]) scopes.delete(scope);
  return [...scopes];
}
