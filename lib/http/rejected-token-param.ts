import { z } from 'zod';
import { ApiError } from './api-error';

/**
 * The optional `rejected` query parameter of the token routes: the SHA-256
 * (base64url, unpadded: 43 characters) of a token the browser saw Box refuse.
 * Checked before the rate limit and before any Box call.
 */
export const RejectedTokenHashSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export function rejectedTokenHashOf(request: Request): string | undefined {
  const values = new URL(request.url).searchParams.getAll('rejected');
  if (values.length === 0) return undefined;
  const parsed = RejectedTokenHashSchema.safeParse(values.length === 1 ? values[0] : undefined);
  if (!parsed.success) {
    throw new ApiError('bad_request:rejected', 'rejected must be one SHA-256 hash of a token, base64url without padding (43 characters).');
  }
  return parsed.data;
}
