/** A cookie reader over a request's Cookie header. */
export function requestCookieReader(request: Pick<Request, 'headers'>): (name: string) => string | undefined {
  const cookies = new Map<string, string>();
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return (name) => cookies.get(name);
}
