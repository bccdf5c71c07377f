import { ClientApiError, clientErrorOf, fetchOrNetworkError } from './client-error';
import { FileTokenPayloadSchema, toPreviewToken, type PreviewToken } from './preview-token';

/** The Date header has one-second resolution: assume the worst case. */
const DATE_HEADER_RESOLUTION_MS = 1000;

function serverTimeOf(response: Response, fallback: number): number {
  const date = Date.parse(response.headers.get('date') ?? '');
  return Number.isFinite(date) ? date + DATE_HEADER_RESOLUTION_MS : fallback;
}

export interface FetchPreviewTokenOptions {
  /** Hash (see token-hash.ts) of a token Box refused: the server checks it and replaces it if dead. */
  rejectedTokenHash?: string;
}

/** The token route URL, with the report of a refused token when there is one. */
export function tokenRequestUrl(url: string, options: FetchPreviewTokenOptions = {}): string {
  if (!options.rejectedTokenHash) return url;
  return `${url}${url.includes('?') ? '&' : '?'}rejected=${encodeURIComponent(options.rejectedTokenHash)}`;
}

/** Fetches a fresh file token from one of Easel's token routes. */
export async function fetchPreviewToken(url: string, options: FetchPreviewTokenOptions = {}): Promise<PreviewToken> {
  const response = await fetchOrNetworkError(tokenRequestUrl(url, options), { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!response.ok) throw await clientErrorOf(response);
  const localNow = Date.now();
  const parsed = FileTokenPayloadSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ClientApiError(response.status, 'bad_response', 'The token response was malformed.');
  return toPreviewToken(parsed.data, serverTimeOf(response, localNow), localNow);
}
