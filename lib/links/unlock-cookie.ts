import { createHash } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import { z } from 'zod';
import { getSessionSecret, secureCookies } from '../auth/session';
import type { ShareLinkRecord } from '../db/store';

/**
 * Remembers that this browser gave a link's password: a sealed (encrypted,
 * signed) cookie per link, bound to the link's current password hash, so it
 * stops working if the password changes. Lives at most 12 hours.
 */
const UNLOCK_TTL_SECONDS = 12 * 60 * 60;

const UnlockSchema = z.object({ linkId: z.string(), password: z.string() });

/** `__Host-` in production: Secure, Path=/ and no Domain, so no sibling host can set or shadow it. */
export function unlockCookieName(link: Pick<ShareLinkRecord, 'id'>): string {
  return `${secureCookies() ? '__Host-' : ''}easel_unlock_${link.id.replaceAll('-', '')}`;
}

function passwordBinding(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}

export async function sealUnlock(link: Pick<ShareLinkRecord, 'id' | 'passwordHash' | 'expiresAt'>): Promise<{ name: string; value: string; maxAge: number }> {
  if (!link.passwordHash) throw new Error('link has no password');
  const untilExpiry = link.expiresAt ? Math.floor((link.expiresAt.getTime() - Date.now()) / 1000) : UNLOCK_TTL_SECONDS;
  const maxAge = Math.max(1, Math.min(UNLOCK_TTL_SECONDS, untilExpiry));
  const value = await sealData({ linkId: link.id, password: passwordBinding(link.passwordHash) }, { password: getSessionSecret(), ttl: UNLOCK_TTL_SECONDS });
  return { name: unlockCookieName(link), value, maxAge };
}

/** The Set-Cookie header for an unlock. */
export function unlockSetCookie(cookie: { name: string; value: string; maxAge: number }): string {
  const parts = [`${cookie.name}=${cookie.value}`, 'Path=/', `Max-Age=${cookie.maxAge}`, 'HttpOnly', 'SameSite=Lax'];
  if (secureCookies()) parts.push('Secure');
  return parts.join('; ');
}

/** True when the link has no password, or the cookie proves this browser gave it. */
export async function isUnlocked(link: Pick<ShareLinkRecord, 'id' | 'passwordHash'>, readCookie: (name: string) => string | undefined): Promise<boolean> {
  if (!link.passwordHash) return true;
  const sealed = readCookie(unlockCookieName(link));
  if (!sealed) return false;
  try {
    const parsed = UnlockSchema.safeParse(await unsealData(sealed, { password: getSessionSecret(), ttl: UNLOCK_TTL_SECONDS }));
    return parsed.success && parsed.data.linkId === link.id && parsed.data.password === passwordBinding(link.passwordHash);
  } catch {
    return false;
  }
}
