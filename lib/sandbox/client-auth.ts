import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppCredentials } from './app-credentials';
import { invalidClient } from './oauth-failure';

function sameSecret(a: string, b: string): boolean {
  // Hashing first makes the comparison constant-time regardless of length.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Box requires the app's client id and secret on every token and revoke call. */
export function assertClient(credentials: AppCredentials, clientId: string | undefined, clientSecret: string | undefined): void {
  if (clientId !== credentials.clientId || clientSecret === undefined || !sameSecret(clientSecret, credentials.clientSecret)) {
    throw invalidClient();
  }
}
