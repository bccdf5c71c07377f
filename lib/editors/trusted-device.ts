import { createHash } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import { z } from 'zod';
import { getSessionSecret, secureCookies } from '../auth/session';

/**
 * A device cookie (OWASP's answer to lockout abuse): after a successful
 * sign-in the browser keeps a sealed note of the account. While someone else
 * is guessing that account's password from elsewhere, a browser holding the
 * note skips the per-account delay; it is still limited as a client.
 */
const DEVICE_TTL_SECONDS = 180 * 24 * 60 * 60;
const DeviceSchema = z.object({ account: z.string() });

export function deviceCookieName(): string {
  return secureCookies() ? '__Host-easel_device' : 'easel_device';
}

function accountTag(email: string): string {
  return createHash('sha256').update(`device:${email}`).digest('base64url').slice(0, 22);
}

export async function deviceSetCookie(email: string): Promise<string> {
  const value = await sealData({ account: accountTag(email) }, { password: getSessionSecret(), ttl: DEVICE_TTL_SECONDS });
  const parts = [`${deviceCookieName()}=${value}`, 'Path=/', `Max-Age=${DEVICE_TTL_SECONDS}`, 'HttpOnly', 'SameSite=Strict'];
  if (secureCookies()) parts.push('Secure');
  return parts.join('; ');
}

/** True when this browser signed in to `email` before (and the cookie is genuine). */
export async function isTrustedDevice(readCookie: (name: string) => string | undefined, email: string): Promise<boolean> {
  const sealed = readCookie(deviceCookieName());
  if (!sealed) return false;
  try {
    const parsed = DeviceSchema.safeParse(await unsealData(sealed, { password: getSessionSecret(), ttl: DEVICE_TTL_SECONDS }));
    return parsed.success && parsed.data.account === accountTag(email);
  } catch {
    return false;
  }
}
