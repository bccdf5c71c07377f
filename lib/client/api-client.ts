/** Browser-side calls to Easel's JSON API, with its error shape turned into an Error. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

async function parse<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return body as T;
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw new ApiRequestError(
    error?.message ?? `Request failed (${response.status}).`,
    response.status,
    error?.code ?? 'unknown',
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

export async function fetchCsrfToken(): Promise<string> {
  const { csrfToken } = await parse<{ csrfToken: string }>(await fetch('/api/csrf', { cache: 'no-store', credentials: 'same-origin' }));
  return csrfToken;
}

export async function postJson<T>(url: string, body: unknown, csrfToken: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: JSON.stringify(body ?? {}),
  });
  return parse<T>(response);
}
