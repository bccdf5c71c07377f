import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** 24 random bytes: 192 bits, 32 URL-safe characters. */
const SLUG_BYTES = 24;

export function newSlug(): string {
  return randomBytes(SLUG_BYTES).toString('base64url');
}

/** What a slug can look like; anything else is unknown without a database call. */
const SlugSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/);

export function isWellFormedSlug(raw: unknown): raw is string {
  return SlugSchema.safeParse(raw).success;
}
