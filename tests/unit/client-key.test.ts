import { describe, expect, it } from 'vitest';
import { clientKeyOf } from '@/lib/auth/caller';

function requestWith(forwardedFor?: string): Request {
  return new Request('http://127.0.0.1/', { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
}

describe('clientKeyOf', () => {
  it('uses the entry the nearest proxy appended, not what the client wrote', () => {
    expect(clientKeyOf(requestWith('6.6.6.6, 203.0.113.9'), 1)).toBe('203.0.113.9');
  });

  it('counts trusted hops from the right', () => {
    expect(clientKeyOf(requestWith('6.6.6.6, 203.0.113.9, 10.0.0.2'), 2)).toBe('203.0.113.9');
  });

  it('never walks past the first entry', () => {
    expect(clientKeyOf(requestWith('203.0.113.9'), 3)).toBe('203.0.113.9');
  });

  it('has a fixed key when no address is known', () => {
    expect(clientKeyOf(requestWith(), 1)).toBe('unknown');
    expect(clientKeyOf(requestWith(' , '), 1)).toBe('unknown');
  });
});
