import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { getFile } from '../box/files';
import type { FileToken } from '../box/token-service';
import { getStore } from '../db/get-store';
import { ApiError } from '../http/api-error';
import { getTokenRateLimiter } from '../http/rate-limit';
import { log } from '../log';
import { issueLinkToken } from './link-access';
import { visitorOf } from './visitor';

export type SharePageResult =
  | { status: 'ok'; file: { id: string; name: string }; token: FileToken & { serverTime: number } }
  | { status: 'locked' }
  | { status: 'gone'; reason: 'expired' | 'revoked' }
  | { status: 'not_found' }
  | { status: 'unavailable'; retryAfterSeconds?: number };

function resultOfError(error: unknown): SharePageResult {
  if (!(error instanceof ApiError)) {
    log.error({ event: 'share.page_failed', err: error instanceof Error ? error.message : String(error) }, 'share page failed');
    return { status: 'unavailable' };
  }
  if (error.code === 'unauthorized:link_locked') return { status: 'locked' };
  if (error.code === 'gone:link_expired') return { status: 'gone', reason: 'expired' };
  if (error.code === 'gone:link_revoked') return { status: 'gone', reason: 'revoked' };
  if (error.type === 'not_found' || error.type === 'bad_request') return { status: 'not_found' };
  return { status: 'unavailable', ...(error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {}) };
}

/**
 * Everything /s/[slug] needs, once per request: the same checks and view
 * recording as GET /api/links/:slug/token, and the first token for the page.
 */
export const loadSharePage = cache(async (slug: string): Promise<SharePageResult> => {
  const request = new Request('http://easel.internal/', { headers: new Headers(await headers()) });
  const visitor = visitorOf(request);
  try {
    await getTokenRateLimiter().consume(visitor.clientKey);
    const { link, token } = await issueLinkToken(await getStore(), slug, visitor);
    const serverTime = Date.now();
    const file = await getFile(link.fileId);
    if (!file) return { status: 'not_found' };
    return { status: 'ok', file: { id: file.id, name: file.name }, token: { ...token, serverTime } };
  } catch (error) {
    return resultOfError(error);
  }
});
