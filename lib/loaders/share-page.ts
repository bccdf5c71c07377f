import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { grantFailureOf, type GrantFailure } from '../access/grant-result';
import { grantLinkToken } from '../access/link-grant';
import { getStore } from '../db/get-store';
import { visitorOf } from '../links/visitor';
import { linkRequiresEmail, loadReviewContext, type ReviewContext } from '../reviews/review-context';
import { pageOf, type PreviewPageResult } from './preview-page';

export type SharePageResult =
  | (Extract<PreviewPageResult, { status: 'ok' }> & { review: ReviewContext })
  | (Extract<GrantFailure, { status: 'name_required' }> & { requireEmail: boolean })
  | Exclude<GrantFailure, { status: 'name_required' }>;

/**
 * Everything /s/[slug] needs, once per request: the same grant (link checks,
 * view recording) as GET /api/links/:slug/token for the file asked (a review
 * set's file, or the link's first), and the review around it.
 */
export const loadSharePage = cache(async (slug: string, fileId?: string): Promise<SharePageResult> => {
  const visitor = visitorOf({ headers: await headers() });
  const store = await getStore();
  const failed = async (failure: GrantFailure): Promise<SharePageResult> =>
    failure.status === 'name_required' ? { ...failure, requireEmail: await linkRequiresEmail(store, slug) } : failure;
  const page = await pageOf(await grantLinkToken(visitor, slug, fileId === undefined ? {} : { fileId }));
  if (page.status !== 'ok') return failed(page);
  try {
    return { ...page, review: await loadReviewContext(store, slug, visitor) };
  } catch (error) {
    return failed(grantFailureOf(error));
  }
});
