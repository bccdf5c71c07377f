import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/http/api-error';
import { DOWNSCOPED_TTL_RANGE_SECONDS } from '@/lib/sandbox/oauth-routes';
import { sandboxForThisFile } from '@/tests/helpers/sandbox';
import { createTokenHarness } from '@/tests/helpers/token-harness';

/**
 * How Easel's token path meets Box set-up mistakes and Box's varying token
 * lifetimes: a scope the app lacks is a configuration error (no parent
 * refresh loop), a file the service account can't see is a 404.
 */
// No fixed downscoped lifetime: each exchange gets a varying one, as on Box.
const box = sandboxForThisFile();

async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('Box set-up problems on the token path', () => {
  it('treats a scope the app lacks as a configuration error, without refreshing the parent token', async () => {
    await box.current.control('POST', 'setup', { appScopes: ['base_preview', 'annotation_view_all', 'item_download'] });
    const harness = createTokenHarness(box.current);
    const viewer = await harness.tokens.getFileToken({ fileId: '1001', role: 'viewer' });
    expect(viewer.scopes).toEqual(['base_preview', 'annotation_view_all']);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const error = await apiErrorOf(harness.tokens.getFileToken({ fileId: '1002', role: 'annotator' }));
      expect(error.code).toBe('upstream:box_scope_missing');
      expect(error.status).toBe(502);
    }
    const stats = await harness.stats();
    // One grant for all of it: a 401 invalid_scope never counts as "parent token rejected".
    expect(stats.grants.jwt).toBe(1);
    expect(stats.exchanges).toBe(1);
  });

  it("answers 404 for a file the service account can't see (invalid_resource), without a refresh", async () => {
    await box.current.control('POST', 'setup', { collaboratedFolderIds: ['100'] });
    const harness = createTokenHarness(box.current);
    const error = await apiErrorOf(harness.tokens.getFileToken({ fileId: '2001', role: 'viewer' }));
    expect(error.code).toBe('not_found:file');
    expect(error.status).toBe(404);
    expect((await harness.stats()).grants.jwt).toBe(1);
    expect((await harness.tokens.getFileToken({ fileId: '1001', role: 'viewer' })).accessToken).toEqual(expect.any(String));
  });

  it("hands out tokens with Box's varying lifetimes, each cached for its own lifetime", async () => {
    const harness = createTokenHarness(box.current);
    const lifetimes = new Set<number>();
    for (const fileId of ['1001', '1002', '1003', '1004', '1005', '1006']) {
      const token = await harness.tokens.getFileToken({ fileId, role: 'viewer' });
      expect(token.expiresIn).toBeGreaterThanOrEqual(DOWNSCOPED_TTL_RANGE_SECONDS[0] - 1);
      expect(token.expiresIn).toBeLessThanOrEqual(DOWNSCOPED_TTL_RANGE_SECONDS[1]);
      lifetimes.add(token.expiresIn);
      const again = await harness.tokens.getFileToken({ fileId, role: 'viewer' });
      expect(again.accessToken).toBe(token.accessToken);
    }
    expect(lifetimes.size).toBeGreaterThan(1);
    expect((await harness.stats()).exchanges).toBe(6);
  });
});
