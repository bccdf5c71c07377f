import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAccessPolicy } from '@/lib/access/gallery-policy';
import { createBoxConnection } from '@/lib/box/connection';
import { sandboxBaseUrls } from '@/lib/box/credentials';
import { createTokenService } from '@/lib/access/token-service';
import { createFileReader } from '@/lib/box/files';
import { readFolderFileIds } from '@/lib/box/folder-file-ids';
import { parseRoleScopes } from '@/lib/access/roles';
import { ApiError } from '@/lib/http/api-error';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';
import { createTokenHarness, introspect } from '@/tests/helpers/token-harness';

/**
 * The token service itself against the sandbox: lifetimes (with an app-side
 * clock the test moves), roles, link revocation.
 */
let sandbox: TestSandbox;
let shortLived: TestSandbox;

beforeAll(async () => {
  [sandbox, shortLived] = await Promise.all([startTestSandbox(), startTestSandbox({ downscopedTokenTtlSeconds: 20 })]);
});

afterAll(async () => {
  await Promise.all([sandbox?.close(), shortLived?.close()]);
});

beforeEach(async () => {
  await Promise.all([sandbox.control('POST', 'reset'), shortLived.control('POST', 'reset')]);
});

function clock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function permissionsWith(token: string, fileId: string): Promise<Record<string, boolean>> {
  const response = await fetch(`${sandbox.url}/2.0/files/${fileId}?fields=permissions`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()).permissions;
}

describe('parent token lifecycle', () => {
  it('refreshes the parent token ahead of its expiry, so no exchange ever meets a dead parent', async () => {
    const time = clock();
    const harness = createTokenHarness(sandbox, { connection: { now: time.now } });
    const first = await harness.tokens.getFileToken({ fileId: '1001', role: 'viewer' });
    time.advance(49 * 60_000);
    await harness.tokens.getFileToken({ fileId: '1002', role: 'viewer' });
    expect((await harness.stats()).grants.jwt).toBe(1);
    // Past 50 of its 60 minutes the stored parent counts as gone: the next call fetches a new one first.
    time.advance(2 * 60_000);
    await harness.tokens.getFileToken({ fileId: '1003', role: 'viewer' });
    const stats = await harness.stats();
    expect(stats.grants.jwt).toBe(2);
    expect(stats.exchanges).toBe(3);
    expect((await introspect(sandbox, first.accessToken)).active).toBe(true);
  });

  it('makes one grant for many concurrent cold callers', async () => {
    const harness = createTokenHarness(sandbox);
    const ids = ['1001', '1002', '1003', '1004', '1005', '1006'];
    await Promise.all(ids.flatMap((fileId) => [harness.tokens.getFileToken({ fileId, role: 'viewer' }), harness.policy.assertGalleryFile(fileId)]));
    const stats = await harness.stats();
    expect(stats.grants.jwt).toBe(1);
    expect(stats.exchanges).toBe(ids.length);
  });
});

describe('token cache lifetimes', () => {
  it('hands out only tokens with at least min(10 min, half their lifetime) left, re-minting after that', async () => {
    const time = clock();
    const harness = createTokenHarness(shortLived, { tokens: { now: time.now } });
    const seen = new Set<string>();
    for (let second = 0; second <= 30; second += 1) {
      const token = await harness.tokens.getFileToken({ fileId: '1001', role: 'viewer' });
      seen.add(token.accessToken);
      const left = Date.parse(token.expiresAt) - time.now();
      expect(left).toBeGreaterThanOrEqual(10_000);
      expect(token.expiresIn).toBeGreaterThanOrEqual(10);
      time.advance(1000);
    }
    // 20 s tokens are handed out for their first 10 s: 31 seconds of views need 3 or 4 tokens, not 31.
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(seen.size).toBeLessThanOrEqual(4);
    expect((await harness.stats()).exchanges).toBe(seen.size);
  });

  it('makes one exchange for concurrent misses on the same key', async () => {
    const harness = createTokenHarness(sandbox);
    const tokens = await Promise.all(Array.from({ length: 25 }, () => harness.tokens.getFileToken({ fileId: '1004', role: 'annotator' })));
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
    expect((await harness.stats()).exchanges).toBe(1);
  });

  it('keeps roles, downloads and links apart', async () => {
    const harness = createTokenHarness(sandbox);
    const requests = [
      { fileId: '1001', role: 'viewer' as const },
      { fileId: '1001', role: 'annotator' as const },
      { fileId: '1001', role: 'viewer' as const, allowDownload: true },
      { fileId: '1001', role: 'viewer' as const, linkId: 'link-a' },
      { fileId: '1001', role: 'viewer' as const, linkId: 'link-b' },
    ];
    const tokens = await Promise.all(requests.map((request) => harness.tokens.getFileToken(request)));
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(requests.length);
  });
});

describe('roles and scopes', () => {
  it('maps viewer, annotator and editor to their scopes, and Box enforces them', async () => {
    const harness = createTokenHarness(sandbox);
    const viewer = await harness.tokens.getFileToken({ fileId: '1002', role: 'viewer' });
    const annotator = await harness.tokens.getFileToken({ fileId: '1002', role: 'annotator' });
    const editor = await harness.tokens.getFileToken({ fileId: '1002', role: 'editor' });
    expect(viewer.scopes).toEqual(['base_preview', 'annotation_view_all']);
    expect(annotator.scopes).toEqual(['base_preview', 'annotation_view_all', 'annotation_edit']);
    expect(editor.scopes).toEqual(['base_preview', 'annotation_view_all', 'annotation_edit', 'item_download']);
    expect(await permissionsWith(viewer.accessToken, '1002')).toMatchObject({ can_annotate: false, can_download: false });
    expect(await permissionsWith(annotator.accessToken, '1002')).toMatchObject({ can_annotate: true, can_download: false });
    expect(await permissionsWith(editor.accessToken, '1002')).toMatchObject({ can_annotate: true, can_download: true });
  });

  it('adds item_download when a link allows downloads', async () => {
    const harness = createTokenHarness(sandbox);
    const token = await harness.tokens.getFileToken({ fileId: '1003', role: 'viewer', allowDownload: true });
    expect(token.scopes).toEqual(['base_preview', 'annotation_view_all', 'item_download']);
    expect(await permissionsWith(token.accessToken, '1003')).toMatchObject({ can_download: true, can_annotate: false });
  });

  it('takes role scopes from configuration (EASEL_ROLE_SCOPES)', async () => {
    const harness = createTokenHarness(sandbox, { tokens: { roleScopes: parseRoleScopes('{"viewer":"base_preview"}') } });
    const token = await harness.tokens.getFileToken({ fileId: '1001', role: 'viewer' });
    expect(token.scopes).toEqual(['base_preview']);
    expect((await introspect(sandbox, token.accessToken)).scopes).toEqual(['base_preview']);
  });
});

describe('revocation', () => {
  it('revokeLinkTokens revokes at Box every token minted for that link, and only those', async () => {
    const harness = createTokenHarness(sandbox);
    const a1 = await harness.tokens.getFileToken({ fileId: '1001', role: 'viewer', linkId: 'link-1' });
    const a2 = await harness.tokens.getFileToken({ fileId: '1002', role: 'viewer', linkId: 'link-1', allowDownload: true });
    const other = await harness.tokens.getFileToken({ fileId: '1001', role: 'viewer', linkId: 'link-2' });
    const plain = await harness.tokens.getFileToken({ fileId: '1001', role: 'viewer' });

    expect(await harness.tokens.revokeLinkTokens('link-1')).toBe(2);
    expect((await introspect(sandbox, a1.accessToken)).active).toBe(false);
    expect((await introspect(sandbox, a2.accessToken)).active).toBe(false);
    expect((await introspect(sandbox, other.accessToken)).active).toBe(true);
    expect((await introspect(sandbox, plain.accessToken)).active).toBe(true);
    expect((await harness.stats()).revocations).toBe(2);

    // Nothing revoked is handed out again.
    const again = await harness.tokens.getFileToken({ fileId: '1001', role: 'viewer', linkId: 'link-1' });
    expect(again.accessToken).not.toBe(a1.accessToken);
    expect((await introspect(sandbox, again.accessToken)).active).toBe(true);
    expect(await harness.tokens.revokeLinkTokens('never-used')).toBe(0);
  });

  it('revokeToken revokes one token at Box and drops it from the cache', async () => {
    const harness = createTokenHarness(sandbox);
    const token = await harness.tokens.getFileToken({ fileId: '1005', role: 'viewer' });
    await harness.tokens.revokeToken(token.accessToken);
    expect((await introspect(sandbox, token.accessToken)).active).toBe(false);
    const next = await harness.tokens.getFileToken({ fileId: '1005', role: 'viewer' });
    expect(next.accessToken).not.toBe(token.accessToken);
  });
});

describe('access policy', () => {
  function policyFor(galleryFolderIds: string[]) {
    const harness = createTokenHarness(sandbox);
    const { connection } = harness;
    const policy = createAccessPolicy(
      { files: createFileReader(connection), listFolder: (folderId) => readFolderFileIds(connection, folderId) },
      { galleryFolderIds },
    );
    return { harness, policy };
  }

  async function verdict(check: Promise<void>): Promise<string> {
    try {
      await check;
      return 'allowed';
    } catch (error) {
      return error instanceof ApiError ? error.code : 'other error';
    }
  }

  it('answers every direct child of a gallery folder from one listing, and remembers the answers', async () => {
    const { harness, policy } = policyFor(['100']);
    const ids = ['1001', '1002', '1003', '1009'];
    expect(await Promise.all(ids.map((id) => verdict(policy.assertGalleryFile(id))))).toEqual(ids.map(() => 'allowed'));
    expect(await verdict(policy.assertGalleryFile('2001'))).toBe('not_found:file');
    expect(await verdict(policy.assertGalleryFile('2001'))).toBe('not_found:file');
    // One listing of folder 100 plus one read of 2001's path_collection; repeats cost nothing.
    expect((await harness.stats()).api).toBe(2);
  });

  it('allows files at any depth below a gallery folder (path_collection)', async () => {
    const { policy } = policyFor(['0']);
    expect(await verdict(policy.assertGalleryFile('2001'))).toBe('allowed');
    expect(await verdict(policy.assertGalleryFile('1005'))).toBe('allowed');
    expect(await verdict(policy.assertGalleryFile('999999'))).toBe('not_found:file');
  });

  it('allows nothing when the gallery folder does not exist', async () => {
    const { policy } = policyFor(['424242']);
    expect(await verdict(policy.assertGalleryFile('1001'))).toBe('not_found:file');
  });
});

describe('other ways to authenticate', () => {
  it('works with client credentials (CCG) from the same app', async () => {
    const config = (await sandbox.control('GET', 'app-config')).body;
    const connection = createBoxConnection({
      kind: 'ccg',
      clientId: config.boxAppSettings.clientID,
      clientSecret: config.boxAppSettings.clientSecret,
      subject: { type: 'enterprise', id: config.enterpriseID },
      baseUrls: sandboxBaseUrls(sandbox.url),
    });
    const tokens = createTokenService({ connection });
    const token = await tokens.getFileToken({ fileId: '1007', role: 'viewer' });
    expect((await introspect(sandbox, token.accessToken)).restrictedTo).toEqual(['1007']);
    const stats = (await sandbox.control('GET', 'stats')).body;
    expect(stats.grants).toEqual({ jwt: 0, ccg: 1 });
  });

  it('works with a developer token, and fails closed (502, no retry loop) once that token is dead', async () => {
    const parent = await createTokenHarness(sandbox).connection.auth.current();
    const connection = createBoxConnection({ kind: 'developer-token', token: parent.accessToken, baseUrls: sandboxBaseUrls(sandbox.url) });
    const tokens = createTokenService({ connection });
    expect((await tokens.getFileToken({ fileId: '1008', role: 'viewer' })).fileId).toBe('1008');
    await sandbox.control('POST', 'faults', { revokeTokens: true });
    const error = await tokens.getFileToken({ fileId: '1009', role: 'viewer' }).then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
  });
});
