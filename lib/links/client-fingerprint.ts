import { createHmac } from 'node:crypto';
import { clientKeyOf } from '../auth/caller';
import { getSessionSecret } from '../auth/session';

/**
 * Identifies a visitor for view counts and the audit log without storing
 * their address: a keyed hash of address and user agent. Without the server's
 * secret it cannot be reversed by trying every address.
 */
export function clientFingerprintOf(request: Pick<Request, 'headers'>): string {
  const userAgent = request.headers.get('user-agent') ?? '';
  return createHmac('sha256', getSessionSecret()).update(`${clientKeyOf(request)}\n${userAgent}`).digest('base64url').slice(0, 22);
}

export function visitorActor(fingerprint: string): string {
  return `visitor:${fingerprint.slice(0, 12)}`;
}

export function editorActor(email: string): string {
  return `editor:${email}`;
}
