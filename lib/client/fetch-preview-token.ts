import { FileTokenPayloadSchema, toPreviewToken, type PreviewToken } from './preview-token';

/** A token route answered with an error (or not at all: status 0). */
export class TokenRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'TokenRequestError';
  }

  /** Retrying can't help: the file or the link is gone, or access was withdrawn. */
  get isPermanent(): boolean {
    return [400, 401, 403, 404, 410].includes(this.status);
  }
}

/** The Date header has one-second resolution: assume the worst case. */
const DATE_HEADER_RESOLUTION_MS = 1000;

function serverTimeOf(response: Response, fallback: number): number {
  const date = Date.parse(response.headers.get('date') ?? '');
  return Number.isFinite(date) ? date + DATE_HEADER_RESOLUTION_MS : fallback;
}

async function errorOf(response: Response): Promise<TokenRequestError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  let code = `http_${response.status}`;
  let message = `The token request failed (${response.status}).`;
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') message = body.error.message;
  } catch {
    // Not JSON (a proxy's error page): keep the generic message.
  }
  return new TokenRequestError(response.status, code, message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
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
  let response: Response;
  try {
    response = await fetch(tokenRequestUrl(url, options), { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch {
    throw new TokenRequestError(0, 'network', 'The network is unreachable.');
  }
  if (!response.ok) throw await errorOf(response);
  const localNow = Date.now();
  const parsed = FileTokenPayloadSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new TokenRequestError(response.status, 'bad_response', 'The token response was malformed.');
  return toPreviewToken(parsed.data, serverTimeOf(response, localNow), localNow);
}
