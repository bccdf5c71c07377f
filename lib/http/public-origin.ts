import { getEnv } from '../config/env';

/**
 * The origin visitors use, for links the app hands out: APP_URL when set
 * (required behind a proxy that rewrites Host), else the request's own.
 */
export function publicOriginOf(headers: Headers, fallbackUrl?: string): string {
  const configured = getEnv().APP_URL;
  if (configured) return new URL(configured).origin;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (host && /^[A-Za-z0-9.:\[\]-]+$/.test(host)) {
    const proto = headers.get('x-forwarded-proto') === 'https' ? 'https' : fallbackUrl ? new URL(fallbackUrl).protocol.replace(':', '') : 'http';
    return `${proto}://${host}`;
  }
  return fallbackUrl ? new URL(fallbackUrl).origin : `http://localhost:${getEnv().PORT}`;
}
