import { beforeAll, describe, expect, it } from 'vitest';
import { csrfTokensMatch } from '@/lib/auth/csrf';
import { CreateLinkSchema } from '@/lib/links/link-input';
import { linkStateOf } from '@/lib/links/link-state';
import { isWellFormedSlug, newSlug } from '@/lib/links/slug';
import { isUnlocked, sealUnlock, unlockCookieName } from '@/lib/links/unlock-cookie';

beforeAll(() => {
  process.env.SESSION_SECRET ??= 'unit-test-session-secret-0123456789abcdef';
});

describe('slugs', () => {
  it('carry at least 128 random bits in URL-safe characters', () => {
    const slugs = Array.from({ length: 200 }, () => newSlug());
    for (const slug of slugs) {
      expect(slug).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(slug.length * 6).toBeGreaterThanOrEqual(128);
      expect(isWellFormedSlug(slug)).toBe(true);
    }
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it('rejects anything else before a database call', () => {
    for (const bad of ['', 'short', '../../etc/passwd', 'a'.repeat(65), 'x y'.repeat(10), 'é'.repeat(30)]) expect(isWellFormedSlug(bad)).toBe(false);
  });
});

describe('link state', () => {
  const now = new Date('2030-01-01T12:00:00Z');
  it('is active until expiry, expired at and after it, revoked whenever revoked', () => {
    expect(linkStateOf({ expiresAt: null, revokedAt: null }, now)).toBe('active');
    expect(linkStateOf({ expiresAt: new Date(now.getTime() + 1), revokedAt: null }, now)).toBe('active');
    expect(linkStateOf({ expiresAt: now, revokedAt: null }, now)).toBe('expired');
    expect(linkStateOf({ expiresAt: new Date(now.getTime() + 60_000), revokedAt: now }, now)).toBe('revoked');
    expect(linkStateOf({ expiresAt: new Date(0), revokedAt: now }, now)).toBe('revoked');
  });
});

describe('create-link input', () => {
  it('accepts a full request and normalises empty optionals to null', () => {
    const parsed = CreateLinkSchema.parse({ fileId: '1001', role: 'annotator', expiresAt: '2030-01-01T00:00:00+02:00', password: '', label: '  For\u0007 Ada  ' });
    expect(parsed).toEqual({
      fileId: '1001',
      role: 'annotator',
      requireEmail: false,
      commentVisibility: 'view_all',
      allowDownload: false,
      expiresAt: new Date('2029-12-31T22:00:00Z'),
      password: null,
      label: 'For  Ada',
    });
  });

  it('defaults a view-only link to no comments and a comment link to shared comments; an explicit choice stays', () => {
    expect(CreateLinkSchema.parse({ fileId: '1001', role: 'viewer' }).commentVisibility).toBe('view_self');
    expect(CreateLinkSchema.parse({ fileId: '1001', role: 'annotator' }).commentVisibility).toBe('view_all');
    expect(CreateLinkSchema.parse({ fileId: '1001', role: 'viewer', commentVisibility: 'view_all' }).commentVisibility).toBe('view_all');
    expect(CreateLinkSchema.parse({ fileId: '1001', role: 'annotator', commentVisibility: 'view_self' }).commentVisibility).toBe('view_self');
  });

  it('refuses bad roles, ids, dates, short passwords, long labels and unknown fields', () => {
    const base = { fileId: '1001', role: 'viewer' };
    for (const bad of [
      { ...base, role: 'editor' },
      { ...base, fileId: '1/../2' },
      { ...base, expiresAt: 'tomorrow' },
      { ...base, password: 'short' },
      { ...base, label: 'x'.repeat(121) },
      { ...base, allowDownload: 'yes' },
      { ...base, createdBy: 'someone-else' },
      { ...base, commentVisibility: 'view_none' },
      { ...base, fileIds: ['1001', '1001'] },
      { ...base, fileIds: ['1002', '1001'] },
      { ...base, fileIds: Array.from({ length: 51 }, (_, index) => String(1001 + index)) },
    ]) {
      expect(CreateLinkSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('CSRF token comparison', () => {
  it('matches only the exact token', () => {
    expect(csrfTokensMatch('abc123', 'abc123')).toBe(true);
    expect(csrfTokensMatch('abc123', 'abc124')).toBe(false);
    expect(csrfTokensMatch('abc123', 'abc1234')).toBe(false);
    expect(csrfTokensMatch('abc123', null)).toBe(false);
    expect(csrfTokensMatch(undefined, 'abc123')).toBe(false);
    expect(csrfTokensMatch('', '')).toBe(false);
  });
});

describe('unlock cookie', () => {
  const link = { id: '4f1c2b8e-0000-4000-8000-000000000001', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$abc$def', expiresAt: null };

  it('opens its own link only, and only while the password is unchanged', async () => {
    const cookie = await sealUnlock(link);
    expect(cookie.name).toBe(unlockCookieName(link));
    const jar = (name: string) => (name === cookie.name ? cookie.value : undefined);
    expect(await isUnlocked(link, jar)).toBe(true);
    expect(await isUnlocked({ ...link, passwordHash: '$argon2id$other' }, jar)).toBe(false);
    const other = { ...link, id: '4f1c2b8e-0000-4000-8000-000000000002' };
    expect(await isUnlocked(other, (name) => (name === unlockCookieName(other) ? cookie.value : undefined))).toBe(false);
  });

  it('refuses a missing or tampered cookie, and needs none without a password', async () => {
    const cookie = await sealUnlock(link);
    expect(await isUnlocked(link, () => undefined)).toBe(false);
    const tampered = cookie.value.slice(0, -4) + (cookie.value.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await isUnlocked(link, () => tampered)).toBe(false);
    expect(await isUnlocked({ id: link.id, passwordHash: null }, () => undefined)).toBe(true);
  });

  it('lives no longer than the link', async () => {
    const soon = await sealUnlock({ ...link, expiresAt: new Date(Date.now() + 90_000) });
    expect(soon.maxAge).toBeGreaterThan(80);
    expect(soon.maxAge).toBeLessThanOrEqual(90);
    expect((await sealUnlock(link)).maxAge).toBe(12 * 60 * 60);
  });
});
