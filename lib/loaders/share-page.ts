import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { grantLinkToken } from '../access/link-grant';
import { visitorOf } from '../links/visitor';
import { pageOf, type PreviewPageResult } from './preview-page';

/**
 * Everything /s/[slug] needs, once per request: the same grant (link checks,
 * view recording) as GET /api/links/:slug/token.
 */
export const loadSharePage = cache(async (slug: string): Promise<PreviewPageResult> => {
  return pageOf(await grantLinkToken(visitorOf({ headers: await headers() }), slug));
});
