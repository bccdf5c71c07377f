import type { TokenSource } from './types';

/**
 * Reads the token for a file from what `show()` or `updateToken()` was given:
 * a string, or a function of the typed id resolving to a string or to
 * `{ file_<id>: token }` (what ContentPreview passes). Called before every
 * request, so the freshest token is always used.
 */
export async function readToken(source: TokenSource, fileId: string): Promise<string> {
  if (typeof source === 'string') return source;
  const typedId = `file_${fileId}`;
  const result: unknown = await source(typedId);
  if (typeof result === 'string' && result) return result;
  if (result && typeof result === 'object') {
    const entry = (result as Record<string, unknown>)[typedId];
    if (typeof entry === 'string' && entry) return entry;
    const read = (result as { read?: unknown }).read;
    if (typeof read === 'string' && read) return read;
  }
  throw new Error('The token function returned no token.');
}
