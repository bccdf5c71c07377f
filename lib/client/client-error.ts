import * as z from 'zod/mini';

/**
 * Any failed call from the browser to Easel's JSON API, rebuilt from the
 * server's error body (`{ error: { code, message, requestId } }`, see
 * lib/http/api-error.ts). `code` is the server's code as sent; the browser
 * adds `network` (no answer), `timeout`, `bad_response` (a body it can't
 * read) and `http_<status>` (an answer without Easel's error body, e.g. a
 * proxy's error page).
 */
export class ClientApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ClientApiError';
  }

  /** Retrying can't help: the file or the link is gone, or access was withdrawn. */
  get isPermanent(): boolean {
    return [400, 401, 403, 404, 410].includes(this.status);
  }
}

const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), requestId: z.optional(z.string()) }),
});

function retryAfterOf(response: Response): number | undefined {
  const retryAfter = Number(response.headers.get('retry-after'));
  return Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
}

/** The error a non-2xx answer stands for. */
export async function clientErrorOf(response: Response): Promise<ClientApiError> {
  const body = ErrorBodySchema.safeParse(await response.json().catch(() => undefined));
  if (!body.success) {
    return new ClientApiError(response.status, `http_${response.status}`, `The request failed (${response.status}).`, retryAfterOf(response));
  }
  const { code, message, requestId } = body.data.error;
  return new ClientApiError(response.status, code, message, retryAfterOf(response), requestId);
}

/** A fetch that never threw a raw network error: no answer becomes a ClientApiError `network`. */
export async function fetchOrNetworkError(input: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch {
    throw new ClientApiError(0, 'network', 'The network is unreachable.');
  }
}

/** What to tell the user: the server's own message when it answered, else `fallback`. */
export function userMessageOf(error: unknown, fallback: string): string {
  return error instanceof ClientApiError && error.status !== 0 ? error.message : fallback;
}
