import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { grantFileToken } from '../access/file-grant';
import { getCaller } from '../auth/get-caller';
import { pageOf, type PreviewPageResult } from './preview-page';

/**
 * Everything /files/[fileId] needs, once per request (metadata and page share
 * it through React's cache): the same grant as GET /api/files/:id/token.
 */
export const loadFilePreview = cache(async (rawFileId: string): Promise<PreviewPageResult> => {
  return pageOf(await grantFileToken(await getCaller({ headers: await headers() }), rawFileId, { withFile: true }));
});
