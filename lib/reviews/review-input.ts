import { z } from 'zod';
import { FileIdSchema } from '../box/file-id';
import { DECISIONS } from '../db/schema';

export const MAX_NAME_LENGTH = 80;
export const MAX_NOTE_LENGTH = 1000;

/**
 * A display name: plain text on one line. Markup is refused rather than
 * escaped away, so what the reviewer typed is what everyone sees (React
 * escapes it everywhere; Box shows it as a label on each annotation).
 */
export const ReviewerNameSchema = z
  .string()
  .max(MAX_NAME_LENGTH * 4)
  .transform((value) => value.normalize('NFC').replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, 'is required')
      .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
      .refine((value) => !/[<>]/.test(value), 'must be plain text (no < or >)')
      .refine((value) => !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(value), 'must not contain control characters'),
  );

export const ReviewerEmailSchema = z
  .string()
  .trim()
  .max(254)
  .transform((value) => value.toLowerCase())
  .pipe(z.email('must be an email address'));

/** POST /api/links/:slug/reviewer. Whether email is required is the link's setting, checked after parsing. */
export const IdentifyReviewerSchema = z
  .object({
    name: ReviewerNameSchema,
    email: z
      .union([ReviewerEmailSchema, z.literal(''), z.null()])
      .optional()
      .transform((value) => (value ? value : null)),
  })
  .strict();

export type IdentifyReviewerInput = z.infer<typeof IdentifyReviewerSchema>;

/** Multi-line plain text; control characters other than newlines become spaces. */
export const DecisionNoteSchema = z
  .string()
  .max(MAX_NOTE_LENGTH * 4)
  .transform((value) => value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ').trim())
  .pipe(z.string().max(MAX_NOTE_LENGTH, `must be at most ${MAX_NOTE_LENGTH} characters`));

/** POST /api/links/:slug/decisions. */
export const DecisionSchema = z
  .object({
    fileId: FileIdSchema,
    decision: z.enum(DECISIONS),
    note: DecisionNoteSchema.nullish().transform((value) => (value ? value : null)),
  })
  .strict();

export type DecisionInput = z.infer<typeof DecisionSchema>;

/** POST /api/links/:slug/comments/confirm: which file the reviewer just commented on. */
export const ConfirmCommentsSchema = z.object({ fileId: FileIdSchema }).strict();
