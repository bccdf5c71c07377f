import { getEnv } from '../config/env';

/**
 * Who is asking. Anonymous visitors are keyed by client address for rate
 * limiting; editors are signed in (see the editor session module).
 */
export type Caller =
  | { kind: 'anonymous'; clientKey: string }
  | { kind: 'editor'; clientKey: string; editorId: string; email: string };

/**
 * The client address as the nearest trusted proxy saw it. Each proxy appends
 * the address it received from, so entries left of the trusted hops were
 * written by the client and can be anything: count from the right.
 * TRUSTED_PROXY_HOPS is how many proxies in front of Easel append an entry
 * (Next itself fills the header with the socket address only when absent).
 */
export function clientKeyOf(request: Pick<Request, 'headers'>, trustedHops = trustedProxyHops()): string {
  const entries = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return 'unknown';
  const index = Math.max(0, entries.length - Math.max(1, trustedHops));
  return entries[index] ?? 'unknown';
}

function trustedProxyHops(): number {
  return getEnv().TRUSTED_PROXY_HOPS;
}
