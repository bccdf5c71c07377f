import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { fileNotFound } from '../access/gallery-policy';
import { grantFailureOf, grantFileToken, grantLinkToken, type GrantFailure, type GrantResult } from '../access/grants';
import type { FileToken } from '../access/token-service';
import { getCaller } from '../auth/get-caller';
import { getFile } from '../box/files';
import { visitorOf } from '../links/visitor';

/** The server's first token for a page, with the server time it was read at. */
export type InitialToken = FileToken & { serverTime: number };

export type PreviewPageResult = { status: 'ok'; file: { id: string; name: string }; token: InitialToken } | GrantFailure;

/** The granted file's name for the page title and header. */
async function pageOf(result: GrantResult): Promise<PreviewPageResult> {
  if (result.status !== 'ok') return result;
  const serverTime = Date.now();
  try {
    const file = await getFile(result.token.fileId);
    if (!file) return { status: 'not_found', error: fileNotFound() };
    return { status: 'ok', file: { id: file.id, name: file.name }, token: { ...result.token, serverTime } };
  } catch (error) {
    return grantFailureOf(error);
  }
}

/**
 * Everything /files/[fileId] needs, once per request (metadata and page share
 * it through React's cache): the same grant as GET /api/files/:id/token.
 */
export const loadFilePreview = cache(async (rawFileId: string): Promise<PreviewPageResult> => {
  return pageOf(await grantFileToken(await getCaller({ headers: await headers() }), rawFileId));
});

/**
 * Everything /s/[slug] needs, once per request: the same grant (link checks,
 * view recording) as GET /api/links/:slug/token.
 */
export const loadSharePage = cache(async (slug: string): Promise<PreviewPageResult> => {
  return pageOf(await grantLinkToken(visitorOf({ headers: await headers() }), slug));
});
