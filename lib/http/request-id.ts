import { randomUUID } from 'node:crypto';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Reuses a well-formed incoming x-request-id (from a proxy), else makes one. */
export function requestIdOf(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
