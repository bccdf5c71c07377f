import 'server-only';
import { z } from 'zod';
import { ApiError } from '../http/api-error';

/**
 * Box file ids are decimal numbers. Checked before anything reaches Box, so a
 * path like `1/../2` or a 10 000-digit id costs nothing upstream.
 */
export const FileIdSchema = z.string().regex(/^[0-9]{1,20}$/);

export type FileId = string & { readonly __brand: 'FileId' };

export function parseFileId(raw: unknown): FileId {
  const parsed = FileIdSchema.safeParse(raw);
  if (!parsed.success) throw new ApiError('bad_request:file_id', 'The file id must be 1 to 20 digits.');
  return parsed.data as FileId;
}
