import { z } from 'zod';
import { FileIdSchema } from '../box/file-id';
import { LINK_ROLES } from '../db/schema';

export const MAX_LINK_LIFETIME_DAYS = 366;

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
    role: z.enum(LINK_ROLES),
    allowDownload: z.boolean().default(false),
    expiresAt: expiry,
    password,
    label,
    /** The link this one copies the settings of (recorded in the audit log). */
    duplicateOf: z.uuid().optional(),
  })
  .strict();

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
