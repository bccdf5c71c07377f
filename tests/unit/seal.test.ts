import { describe, expect, it } from 'vitest';
import { createSealer } from '@/lib/crypto/seal';

const SECRET = 'a-server-secret-of-at-least-32-characters!';

describe('createSealer (AES-256-GCM, HKDF key per purpose)', () => {
  it('round-trips, with a fresh IV each time and no plaintext in the output', () => {
    const sealer = createSealer(SECRET, 'link-tokens');
    const a = sealer.seal('box-token-abc', 'link-1');
    const b = sealer.seal('box-token-abc', 'link-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('box-token-abc');
    expect(a.startsWith('v1.')).toBe(true);
    expect(sealer.open(a, 'link-1')).toBe('box-token-abc');
    expect(sealer.open(b, 'link-1')).toBe('box-token-abc');
  });

  it('refuses a tampered value, another context, another purpose and another secret', () => {
    const sealer = createSealer(SECRET, 'link-tokens');
    const sealed = sealer.seal('box-token-abc', 'link-1');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 20] = raw[raw.length - 20]! ^ 1;
    expect(sealer.open(`v1.${raw.toString('base64url')}`, 'link-1')).toBeUndefined();
    expect(sealer.open(sealed, 'link-2')).toBeUndefined();
    expect(createSealer(SECRET, 'token-cache').open(sealed, 'link-1')).toBeUndefined();
    expect(createSealer(`${SECRET}x`, 'link-tokens').open(sealed, 'link-1')).toBeUndefined();
    expect(sealer.open('v1.short', 'link-1')).toBeUndefined();
    expect(sealer.open('not sealed', 'link-1')).toBeUndefined();
  });

  it('refuses a short secret', () => {
    expect(() => createSealer('short', 'x')).toThrow(/at least 32/);
  });
});
