import type { z } from 'zod';
import { ApiError } from './api-error';

export const MAX_BODY_BYTES = 16 * 1024;

function tooLarge(): ApiError {
  return new ApiError('payload_too_large:body', `The request body is too large (at most ${MAX_BODY_BYTES / 1024} KiB).`);
}

/**
 * The body as text, refused with 413 as soon as it is known to exceed the
 * limit: by its Content-Length before reading, else while streaming (a
 * chunked body is never buffered past the limit).
 */
async function readLimitedText(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    await request.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Parses a small JSON body against a schema; any problem is a 400 that names the field. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw new ApiError('bad_request:content_type', 'Send JSON (content-type: application/json).');
  }
  const text = await readLimitedText(request);
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
