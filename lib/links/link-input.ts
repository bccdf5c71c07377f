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

/** What an editor sends to create a link (JSON body of POST /api/editor/links). */
export const CreateLinkSchema = z
  .object({
    fileId: FileIdSchema,
    role: z.enum(LINK_ROLES),
    allowDownload: z.boolean().default(false),
    /** ISO 8601 with an offset; null or absent = never expires. */
    expiresAt: z.iso
      .datetime({ offset: true })
      .nullish()
      .transform((value) => (value ? new Date(value) : null)),
    /** Empty or absent = no password. */
    password: z
      .string()
      .max(200)
      .nullish()
      .transform((value) => (value ? value : null))
      .refine((value) => value === null || value.length >= 8, 'must be at least 8 characters'),
    /** Whom the link is for; shown to editors only, as plain text. */
    label: optionalText(120),
  })
  .strict();

export type CreateLinkInput = z.infer<typeof CreateLinkSchema>;

export const UnlockSchema = z.object({ password: z.string().min(1).max(200) }).strict();
