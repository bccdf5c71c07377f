import { clientErrorOf, fetchOrNetworkError } from './client-error';

/** Browser-side calls to Easel's JSON API; a failure throws ClientApiError. */
async function parse<T>(response: Response): Promise<T> {
  if (!response.ok) throw await clientErrorOf(response);
  return (await response.json()) as T;
}

/** GET a JSON resource (never from the HTTP cache). */
export async function getJson<T>(url: string): Promise<T> {
  return parse<T>(await fetchOrNetworkError(url, { cache: 'no-store', credentials: 'same-origin' }));
}

export async function fetchCsrfToken(): Promise<string> {
  const { csrfToken } = await parse<{ csrfToken: string }>(await fetchOrNetworkError('/api/csrf', { cache: 'no-store', credentials: 'same-origin' }));
  return csrfToken;
}

export function postJson<T>(url: string, body: unknown, csrfToken: string): Promise<T> {
  return sendJson<T>('POST', url, body, csrfToken);
}

export function patchJson<T>(url: string, body: unknown, csrfToken: string): Promise<T> {
  return sendJson<T>('PATCH', url, body, csrfToken);
}

/** A JSON request that changes something, with the CSRF token. */
export async function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body: unknown, csrfToken: string): Promise<T> {
  const response = await fetchOrNetworkError(url, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
    body: JSON.stringify(body ?? {}),
  });
  return parse<T>(response);
}
