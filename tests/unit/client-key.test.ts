import { describe, expect, it } from 'vitest';
import { clientKeyOf } from '@/lib/auth/caller';
import { parseEnv } from '@/lib/config/env';
import { normalizeForwardedFor } from '@/lib/http/forwarded-for';

function requestWith(forwardedFor?: string): Request {
  return new Request('http://127.0.0.1/', { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
}

/** What Easel's server (scripts/serve.ts) does before Next sees a request, then the route's view. */
function keyFor(sent: string | undefined, peer: string, hops: number): string {
  return clientKeyOf(requestWith(normalizeForwardedFor(sent, peer, hops)), hops);
}

describe('client address (issue 11, finding 2: TRUSTED_PROXY_HOPS)', () => {
  it('defaults to no trusted proxy', () => {
    expect(parseEnv({}).TRUSTED_PROXY_HOPS).toBe(0);
  });

  it('with no proxy trusted, a client-sent X-Forwarded-For is ignored: the key is the connecting address', () => {
    for (const spoofed of ['6.6.6.6', '1.2.3.4, 5.6.7.8', undefined]) expect(keyFor(spoofed, '198.51.100.20', 0)).toBe('198.51.100.20');
  });

  it('behind one proxy, the address that proxy saw, not what the client wrote', () => {
    expect(keyFor('6.6.6.6, 203.0.113.9', '10.0.0.1', 1)).toBe('203.0.113.9');
  });

  it('counts trusted hops from the right', () => {
    expect(keyFor('6.6.6.6, 203.0.113.9, 10.0.0.2', '10.0.0.1', 2)).toBe('203.0.113.9');
  });

  it('never walks past the first entry', () => {
    expect(keyFor('203.0.113.9', '10.0.0.1', 3)).toBe('203.0.113.9');
  });

  it('has a fixed key when no address is known', () => {
    expect(clientKeyOf(requestWith(), 1)).toBe('unknown');
    expect(clientKeyOf(requestWith(' , '), 1)).toBe('unknown');
  });
});
