import { z } from 'zod';
import { FileIdSchema } from '../box/file-id';
import { COMMENT_VISIBILITIES, LINK_ROLES } from '../db/schema';

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
    /** Reviewers see each other's comments, or only their own. */
    commentVisibility: z.enum(COMMENT_VISIBILITIES).default('view_all'),
    allowDownload: z.boolean().default(false),
    expiresAt: expiry,
    password,
    label,
    /** The link this one copies the settings of (recorded in the audit log). */
    duplicateOf: z.uuid().optional(),
  })
  .strict()
  .refine((input) => !input.fileIds || input.fileIds[0] === input.fileId, { path: ['fileIds'], message: 'must start with fileId' });

export type CreateLinkInput = z.infer<typeof CreateLinkSchema>;

/**
 * What an editor sends to change a link (JSON body of PATCH /api/editor/links/:id).
 * An absent field stays as it is; `password: null` removes the password and
 * `expiresAt: null` makes the link never expire.
 */
export const UpdateLinkSchema = z
  .object({
    role: z.enum(LINK_ROLES).optional(),
    allowDownload: z.boolean().optional(),
    expiresAt: expiry.optional(),
    password: password.optional(),
    label: label.optional(),
  })
  .strict()
  .refine((input) => Object.values(input).some((value) => value !== undefined), 'name at least one setting to change');

export type UpdateLinkInput = z.infer<typeof UpdateLinkSchema>;

export const UnlockSchema = z.object({ password: z.string().min(1).max(200) }).strict();
