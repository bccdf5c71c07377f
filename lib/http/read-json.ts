import type { z } from 'zod';
import { ApiError } from './api-error';

const MAX_BODY_BYTES = 16 * 1024;

/** Parses a small JSON body against a schema; any problem is a 400 that names the field. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw new ApiError('bad_request:content_type', 'Send JSON (content-type: application/json).');
  }
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new ApiError('bad_request:body', 'The request body is too large.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError('bad_request:body', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    throw new ApiError('bad_request:invalid', `Invalid request: ${problems.join('; ')}`);
  }
  return parsed.data;
}
