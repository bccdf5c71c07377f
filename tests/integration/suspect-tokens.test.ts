import { describe, expect, it } from 'vitest';
import { sandboxForThisFile } from '@/tests/helpers/sandbox';
import { createTokenHarness, introspect } from '@/tests/helpers/token-harness';

/**
 * Issue 11, finding 7: once Box refuses the parent token, the downscoped
 * tokens cached before then are suspect. They are checked with Box (one
 * cheap call per key, shared by concurrent callers) and replaced when dead,
 * instead of being handed out blind until each browser reports them.
 */
const sandbox = sandboxForThisFile();

describe('cached tokens after the parent token is found dead (finding 7)', () => {
  it('Box revokes every token: the next view of each cached file gets a live token, one check per key', async () => {
    const harness = createTokenHarness(sandbox.current);
    const cached = new Map<string, string>();
    for (const fileId of ['1001', '1002']) cached.set(fileId, (await harness.tokens.getFileToken({ fileId, role: 'viewer' })).accessToken);
    await sandbox.current.control('POST', 'faults', { revokeTokens: true });
    // A mint for another file finds the parent token dead (and replaces it).
    const other = await harness.tokens.getFileToken({ fileId: '1003', role: 'viewer' });
    expect((await introspect(sandbox.current, other.accessToken)).active).toBe(true);

    const before = await harness.stats();
    const views = await Promise.all(Array.from({ length: 10 }, () => harness.tokens.getFileToken({ fileId: '1001', role: 'viewer' })));
    const tokens = new Set(views.map((view) => view.accessToken));
    expect(tokens.size).toBe(1);
    const [fresh] = [...tokens];
    expect(fresh).not.toBe(cached.get('1001'));
    expect((await introspect(sandbox.current, fresh!)).active).toBe(true);
    const after = await harness.stats();
    // One check for the key (Box refused it), not one per view.
    expect(after.api + after.rejected - (before.api + before.rejected)).toBe(1);
    expect(after.exchanges - before.exchanges).toBe(1);

    const second = await harness.tokens.getFileToken({ fileId: '1002', role: 'viewer' });
    expect(second.accessToken).not.toBe(cached.get('1002'));
    expect((await introspect(sandbox.current, second.accessToken)).active).toBe(true);
  });

  it('a suspect token Box still accepts is handed out unchanged, and checked only once', async () => {
    let rejectedAt = 0;
    const harness = createTokenHarness(sandbox.current, { tokens: { parentRejectedAt: () => rejectedAt } });
    const token = (await harness.tokens.getFileToken({ fileId: '1004', role: 'viewer' })).accessToken;
    rejectedAt = Date.now() + 1;
    const before = await harness.stats();
    for (let i = 0; i < 5; i += 1) expect((await harness.tokens.getFileToken({ fileId: '1004', role: 'viewer' })).accessToken).toBe(token);
    const after = await harness.stats();
    expect(after.api - before.api).toBe(1);
    expect(after.exchanges - before.exchanges).toBe(0);
  });
});
