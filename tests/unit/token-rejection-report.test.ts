import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tokenRequestUrl } from '@/lib/client/fetch-preview-token';
import { isTokenRejection, previewFailureOf } from '@/lib/client/preview-failure';
import { tokenHashOf } from '@/lib/client/token-hash';
import { RejectedTokenHashSchema } from '@/lib/http/rejected-token-param';

describe('tokenHashOf (Web Crypto, as in the browser)', () => {
  it('is the SHA-256 base64url the server computes, and passes the route validation', async () => {
    for (const token of ['T9p2sQ', 'a'.repeat(300), 'ünïcødé token', '']) {
      const hash = await tokenHashOf(token);
      expect(hash).toBe(createHash('sha256').update(token).digest('base64url'));
      expect(RejectedTokenHashSchema.safeParse(hash).success).toBe(true);
    }
  });
});

describe('tokenRequestUrl', () => {
  it('adds the report only when there is one, keeping other parameters', () => {
    const hash = createHash('sha256').update('x').digest('base64url');
    expect(tokenRequestUrl('/api/files/1001/token')).toBe('/api/files/1001/token');
    expect(tokenRequestUrl('/api/files/1001/token', { rejectedTokenHash: hash })).toBe(`/api/files/1001/token?rejected=${hash}`);
    expect(tokenRequestUrl('/api/links/abc/token?v=1', { rejectedTokenHash: hash })).toBe(`/api/links/abc/token?v=1&rejected=${hash}`);
  });
});

describe('isTokenRejection', () => {
  it("recognises Box refusing the token, in the Preview library's and the element's shapes", () => {
    // What ContentPreview's error boundary hands the app: preview_error from the Preview library ...
    const fromPreview = { type: 'error', code: 'error_token_invalid', message: 'x', origin: 'preview', context_info: { error: { code: 'error_token_invalid' } } };
    expect(isTokenRejection(previewFailureOf(fromPreview))).toBe(true);
    // ... the element's own file fetch, with Box's JSON error body ...
    const fromFetch = { type: 'error', code: 'unauthorized', message: 'Unauthorized', origin: 'ContentPreview', context_info: { error: { type: 'error', status: 401, code: 'unauthorized' } } };
    expect(isTokenRejection(previewFailureOf(fromFetch))).toBe(true);
    // ... or an HTTP client error when Box sent no body.
    const noBody = { type: 'error', code: 'fetch_file_error', message: 'Request failed', origin: 'ContentPreview', context_info: { error: { message: 'Request failed', response: { status: 401 } } } };
    expect(isTokenRejection(previewFailureOf(noBody))).toBe(true);
    // The raw (error, code) pair, should the element be used without its boundary.
    expect(isTokenRejection(previewFailureOf({ status: 401, code: 'unauthorized' }, 'unauthorized'))).toBe(true);
  });

  it('leaves other failures alone', () => {
    const forbidden = { type: 'error', code: 'access_denied_insufficient_permissions', context_info: { error: { status: 403, code: 'access_denied_insufficient_permissions' } } };
    expect(isTokenRejection(previewFailureOf(forbidden))).toBe(false);
    expect(isTokenRejection(previewFailureOf({ type: 'error', code: 'error_rate_limit' }))).toBe(false);
    expect(isTokenRejection(previewFailureOf({ type: 'error', code: 'unexpected_exception_error', context_info: {} }))).toBe(false);
    expect(isTokenRejection(previewFailureOf(new Error('boom')))).toBe(false);
    expect(isTokenRejection(previewFailureOf(undefined))).toBe(false);
  });
});
