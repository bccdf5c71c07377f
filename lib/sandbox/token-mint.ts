import { randomBytes } from 'node:crypto';
import type { IssuedToken, SandboxState } from './state';

/** Mints an opaque access token; the state keeps only its hash. */
export function mintToken(state: SandboxState, record: Omit<IssuedToken, 'issuedAt' | 'expiresAt' | 'revoked'>, ttlSeconds: number): {
  accessToken: string;
  record: IssuedToken;
} {
  const accessToken = randomBytes(32).toString('base64url');
  const issuedAt = state.currentTime();
  const full: IssuedToken = { ...record, issuedAt, expiresAt: issuedAt + ttlSeconds * 1000, revoked: false };
  state.issue(accessToken, full);
  return { accessToken, record: full };
}
