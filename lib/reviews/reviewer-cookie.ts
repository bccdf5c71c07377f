import { sealData, unsealData } from 'iron-session';
import { z } from 'zod';
import { getSessionSecret, secureCookies } from '../auth/session';
import type { ShareLinkRecord } from '../db/store';

/**
 * Remembers who a reviewer is on one link: a sealed (encrypted, signed)
 * cookie per link holding the link id and Easel's reviewer id. The name lives
 * in the database, so renaming needs no new identity. Lives 30 days at most,
 * and not past the link's expiry.
 */
const REVIEWER_TTL_SECONDS = 30 * 24 * 60 * 60;

const SealedReviewer = z.object({ linkId: z.string(), reviewerId: z.string().uuid() });

export function reviewerCookieName(link: Pick<ShareLinkRecord, 'id'>): string {
  return `easel_reviewer_${link.id.replaceAll('-', '')}`;
}

export async function reviewerSetCookie(link: Pick<ShareLinkRecord, 'id' | 'expiresAt'>, reviewerId: string): Promise<string> {
  const untilExpiry = link.expiresAt ? Math.floor((link.expiresAt.getTime() - Date.now()) / 1000) : REVIEWER_TTL_SECONDS;
  const maxAge = Math.max(1, Math.min(REVIEWER_TTL_SECONDS, untilExpiry));
  const value = await sealData({ linkId: link.id, reviewerId }, { password: getSessionSecret(), ttl: REVIEWER_TTL_SECONDS });
  const parts = [`${reviewerCookieName(link)}=${value}`, 'Path=/', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Lax'];
  if (secureCookies()) parts.push('Secure');
  return parts.join('; ');
}

/** The reviewer id this browser proved for the link, or undefined (no cookie, forged, expired, another link's). */
export async function reviewerIdFromCookie(link: Pick<ShareLinkRecord, 'id'>, readCookie: (name: string) => string | undefined): Promise<string | undefined> {
  const sealed = readCookie(reviewerCookieName(link));
  if (!sealed) return undefined;
  try {
    const parsed = SealedReviewer.safeParse(await unsealData(sealed, { password: getSessionSecret(), ttl: REVIEWER_TTL_SECONDS }));
    return parsed.success && parsed.data.linkId === link.id ? parsed.data.reviewerId : undefined;
  } catch {
    return undefined;
  }
}
