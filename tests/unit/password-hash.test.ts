import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '@/lib/auth/password-hash';

describe('password hashing', () => {
  it('uses argon2id with a per-hash salt and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(first, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });

  it('spends a real verification on unknown accounts', async () => {
    await verifyAgainstDummy('warm-up');
    const started = performance.now();
    expect(await verifyAgainstDummy('guess')).toBe(false);
    // A real argon2id verify with these costs takes milliseconds, not microseconds.
    expect(performance.now() - started).toBeGreaterThan(2);
  });
});
