import { clientKeyOf } from '../auth/caller';
import { requestCookieReader } from '../http/request-cookies';
import { clientFingerprintOf } from './client-fingerprint';

/** What the link routes and the share page know about the visitor. */
export interface Visitor {
  /** For rate limits (the client address as the proxy reports it). */
  clientKey: string;
  /** Keyed hash for views and the audit log; never the raw address. */
  fingerprint: string;
  readCookie: (name: string) => string | undefined;
}

export function visitorOf(request: Pick<Request, 'headers'>): Visitor {
  return { clientKey: clientKeyOf(request), fingerprint: clientFingerprintOf(request), readCookie: requestCookieReader(request) };
}
