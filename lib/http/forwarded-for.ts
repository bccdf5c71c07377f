/**
 * X-Forwarded-For as Easel's own HTTP server (scripts/serve.ts) passes it on:
 * the entries appended by the TRUSTED_PROXY_HOPS proxies in front of Easel
 * (the rightmost ones), then the address of the peer that connected. Whatever
 * the client wrote to the left is dropped, so with no proxy configured a
 * client cannot choose the address its rate limits count against.
 */
export function normalizeForwardedFor(header: string | string[] | undefined, peerAddress: string | undefined, trustedHops: number): string {
  const received = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const trusted = trustedHops > 0 ? received.slice(-trustedHops) : [];
  return [...trusted, peerAddress ?? 'unknown'].join(', ');
}

/**
 * The client's address in a normalized header: the entry the farthest
 * trusted proxy appended (`trustedHops` from the right, skipping the peer
 * itself), or the peer when no proxy is trusted.
 */
export function clientAddressOf(header: string | null, trustedHops: number): string {
  const entries = (header ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return 'unknown';
  return entries[Math.max(0, entries.length - 1 - trustedHops)] ?? 'unknown';
}
