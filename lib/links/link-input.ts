import { z } from 'zod';
import { FileIdSchema } from '../box/file-id';
import { COMMENT_VISIBILITIES, LINK_ROLES } from '../db/schema';

type LinkRole = (typeof LINK_ROLES)[number];
type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

/**
 * Whose comments a new link shows when the editor does not say. A view-only
 * link shows none ('view_self': a viewer has no comments of their own), so
 * comments reviewers left privately on other links never leak through it; a
 * comment link's reviewers see each other's.
 */
export function defaultCommentVisibility(role: LinkRole): CommentVisibility {
  return role === 'viewer' ? 'view_self' : 'view_all';
}

export const MAX_LINK_LIFETIME_DAYS = 366;
/** Files in one review set. */
export const MAX_LINK_FILES = 50;

const optionalText = (max: number) =>
  z
    .string()
    .max(max * 4)
    .transform((value) => value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim())
    .pipe(z.string().max(max))
    .nullish()
    .transform((value) => (value ? value : null));

/** ISO 8601 with an offset; null or absent = never expires. */
const expiry = z.iso
  .datetime({ offset: true })
  .nullish()
  .transform((value) => (value ? new Date(value) : null));

/** Empty or null = no password. */
const password = z
  .string()
  .max(200)
  .nullish()
  .transform((value) => (value ? value : null))
  .refine((value) => value === null || value.length >= 8, 'must be at least 8 characters');

/** Whom the link is for; shown to editors only, as plain text. */
const label = optionalText(120);

/** What an editor sends to create a link (JSON body of POST /api/editor/links). */
export const CreateLinkSchema = z
  .object({
    fileId: FileIdSchema,
    /**
     * A review set: every file of the link in order, the first being `fileId`.
     * Absent = the single file `fileId`.
     */
    fileIds: z
      .array(FileIdSchema)
      .min(1)
      .max(MAX_LINK_FILES, `can hold at most ${MAX_LINK_FILES} files`)
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a file')
      .optional(),
    role: z.enum(LINK_ROLES),
    /** Reviewers also give an email address (annotator links). */
    requireEmail: z.boolean().default(false),
    /**
     * Comment link: reviewers see each other's comments ('view_all') or only their own ('view_self').
     * View-only link: visitors see everyone's comments ('view_all') or none ('view_self').
     * Absent: as `defaultCommentVisibility` says for the role.
     */
    commentVisibility: z.enum(COMMENT_VISIBILITIES).optional(),
    allowDownload: z.boolean().default(false),
    expiresAt: expiry,
    password,
    label,
    /** The link this one copies the settings of (recorded in the audit log). */
    duplicateOf: z.uuid().optional(),
  })
  .strict()
  .refine((input) => !input.fileIds || input.fileIds[0] === input.fileId, { path: ['fileIds'], message: 'must start with fileId' })
  .transform((input) => ({ ...input, commentVisibility: input.commentVisibility ?? defaultCommentVisibility(input.role) }));

export type CreateLinkInput = z.infer<typeof CreateLinkSchema>;

/**
 * What an editor sends to change a link (JSON body of PATCH /api/editor/links/:id).
 * An absent field stays as it is; `password: null` removes the password and
 * `expiresAt: null` makes the link never expire.
 */
export const UpdateLinkSchema = z
  .object({
    role: z.enum(LINK_ROLES).optional(),
    /** Whose comments the link shows (see CreateLinkSchema); 'view_all' → 'view_self' narrows. */
    commentVisibility: z.enum(COMMENT_VISIBILITIES).optional(),
    allowDownload: z.boolean().optional(),
    expiresAt: expiry.optional(),
    password: password.optional(),
    label: label.optional(),
  })
  .strict()
  .refine((input) => Object.values(input).some((value) => value !== undefined), 'name at least one setting to change');

export type UpdateLinkInput = z.infer<typeof UpdateLinkSchema>;

export const UnlockSchema = z.object({ password: z.string().min(1).max(200) }).strict();
