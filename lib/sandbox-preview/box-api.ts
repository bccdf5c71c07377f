/** A Box API call failed; `status` 0 means it never got an answer. */
export class BoxRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BoxRequestError';
  }
}

export interface BoxApi {
  /** JSON request to `{apiHost}{path}` with a Bearer token. */
  json<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** Bytes of a content URL, authorised with the `access_token` parameter (no CORS preflight, as Box does). */
  bytes(url: string): Promise<ArrayBuffer>;
  /** A content URL that carries a token, for `<img src>`. */
  withToken(url: string): Promise<string>;
}

async function errorOf(response: Response): Promise<BoxRequestError> {
  let code = `http_${response.status}`;
  let message = response.statusText || 'Request failed';
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string') code = body.code;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON.
  }
  return new BoxRequestError(response.status, code, message);
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: 'no-store', credentials: 'omit' });
  } catch {
    throw new BoxRequestError(0, 'network_error', 'Box could not be reached.');
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/**
 * Every call asks `getToken` first: an expired token fails here exactly as it
 * would with Box. `onUnauthorized` hears of every 401 (the error is still thrown).
 */
export function createBoxApi(apiHost: string, getToken: () => Promise<string>, onUnauthorized?: (error: BoxRequestError) => void): BoxApi {
  const base = apiHost.replace(/\/+$/, '');
  const sendChecked = async (url: string, init: RequestInit) => {
    try {
      return await send(url, init);
    } catch (error) {
      if (error instanceof BoxRequestError && error.status === 401) onUnauthorized?.(error);
      throw error;
    }
  };
  const withToken = async (url: string) => {
    const target = new URL(url);
    target.searchParams.set('access_token', await getToken());
    return target.toString();
  };
  return {
    async json<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
      const headers: Record<string, string> = { authorization: `Bearer ${await getToken()}` };
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const response = await sendChecked(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
    async bytes(url: string): Promise<ArrayBuffer> {
      const response = await sendChecked(await withToken(url), {});
      return response.arrayBuffer();
    },
    withToken,
  };
}
