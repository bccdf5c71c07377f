import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLinkTokenRegistry, tokenHashOf } from '@/lib/access/link-token-registry';
import { revokeMintedTokens } from '@/lib/access/revoke-link';
import { createSealer } from '@/lib/crypto/seal';
import { createStore, type Store } from '@/lib/db/store';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';
import { createTokenHarness, introspect } from '@/tests/helpers/token-harness';
import { openPgliteTestDatabase, type TestDatabase } from '../helpers/test-database';

/**
 * Issue 11, finding 6: revocation survives restarts. Tokens minted for a link
 * are recorded (sealed) in the database; a process started later revokes them
 * at Box and reports what it actually revoked.
 */
const SECRET = 'test-secret-for-sealing-link-tokens-0123456789';
let sandbox: TestSandbox;
let database: TestDatabase;
let store: Store;
let linkId: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  database = await openPgliteTestDatabase();
  store = createStore(database.db);
  const editor = await store.editors.create({ email: 'revoker@example.test', passwordHash: 'x' });
  const link = await store.links.create({ slug: 'revocation-survives-restarts-0001', fileId: '1001', role: 'viewer', allowDownload: false, expiresAt: null, passwordHash: null, label: null, createdBy: editor!.id });
  linkId = link.id;
});
afterAll(async () => {
  await database?.dispose();
  await sandbox?.close();
});
beforeEach(async () => {
  await sandbox.control('POST', 'reset');
});

/** One app process: its own connection, caches and memory, the shared database. */
function processWithRegistry() {
  const registry = createLinkTokenRegistry(async () => store, { sealer: createSealer(SECRET, 'link-tokens') });
  return createTokenHarness(sandbox, { tokens: { registry }, connection: { retryBudgetMs: 1_000 } });
}

describe('revocation after a restart (finding 6)', () => {
  it('the token minted before the restart is inactive at Box after revoking, and the API counts it', async () => {
    const before = processWithRegistry();
    const token = (await before.tokens.getFileToken({ fileId: '1001', role: 'viewer', linkId })).accessToken;
    expect((await introspect(sandbox, token)).active).toBe(true);

    // The registry row holds the token sealed, never in the clear.
    const rows = await store.linkTokens.listLive(linkId);
    expect(rows.map((row) => row.tokenHash)).toEqual([tokenHashOf(token)]);
    expect(rows[0]!.sealedToken).not.toContain(token);

    const after = processWithRegistry(); // a restart: nothing in memory
    expect(await after.tokens.revokeLinkTokensReport(linkId)).toEqual({ revoked: 1, failed: 0, fleetReached: true });
    expect((await introspect(sandbox, token)).active).toBe(false);
    expect(await store.linkTokens.listLive(linkId)).toEqual([]);
    // Nothing left to revoke: the report says so.
    expect(await after.tokens.revokeLinkTokensReport(linkId)).toEqual({ revoked: 0, failed: 0, fleetReached: true });
  });

  it('when Box does not confirm, the report says so and the token is kept for a retry', async () => {
    const before = processWithRegistry();
    const token = (await before.tokens.getFileToken({ fileId: '1002', role: 'viewer', linkId })).accessToken;
    const after = processWithRegistry();
    await sandbox.control('POST', 'faults', { respond: { status: 503, count: 10_000, path: '/oauth2/revoke' } });
    expect(await after.tokens.revokeLinkTokensReport(linkId)).toEqual({ revoked: 0, failed: 1, fleetReached: true });
    // Box is back (the one fault slot now points elsewhere).
    await sandbox.control('POST', 'faults', { respond: { status: 503, count: 1, path: '/_nowhere' } });
    expect((await introspect(sandbox, token)).active).toBe(true);
    expect(await after.tokens.revokeLinkTokensReport(linkId)).toEqual({ revoked: 1, failed: 0, fleetReached: true });
    expect((await introspect(sandbox, token)).active).toBe(false);
  });

  it('a token recorded under another SESSION_SECRET counts as failed, so the revocation is not reported as confirmed', async () => {
    const before = processWithRegistry();
    const token = (await before.tokens.getFileToken({ fileId: '1003', role: 'viewer', linkId })).accessToken;
    // A restart with a changed SESSION_SECRET: the recorded token no longer opens.
    const otherSecret = createLinkTokenRegistry(async () => store, { sealer: createSealer('another-secret-for-sealing-link-tokens-9876543210', 'link-tokens') });
    const after = createTokenHarness(sandbox, { tokens: { registry: otherSecret }, connection: { retryBudgetMs: 1_000 } });
    expect(await after.tokens.revokeLinkTokensReport(linkId)).toEqual({ revoked: 0, failed: 1, fleetReached: true });
    expect(await revokeMintedTokens(linkId, (id) => after.tokens.revokeLinkTokensReport(id))).toEqual({ tokensRevoked: 0, tokensFailed: 1, boxConfirmed: false });
    expect((await introspect(sandbox, token)).active).toBe(true);
    // With the secret it was sealed under, it is revoked and the report is clean again.
    expect(await processWithRegistry().tokens.revokeLinkTokensReport(linkId)).toEqual({ revoked: 1, failed: 0, fleetReached: true });
    expect((await introspect(sandbox, token)).active).toBe(false);
  });

  it('expired entries are pruned', async () => {
    const now = Date.now();
    await store.linkTokens.record({ tokenHash: 'old-hash', linkId, sealedToken: 'v1.x', expiresAt: new Date(now - 1000) });
    const registry = createLinkTokenRegistry(async () => store, { sealer: createSealer(SECRET, 'link-tokens') });
    await registry.record(linkId, { accessToken: 'fresh-token', expiresAt: now + 60_000 });
    const hashes = (await database.db.query.linkTokens.findMany()).map((row) => row.tokenHash);
    expect(hashes).not.toContain('old-hash');
    expect(hashes).toContain(tokenHashOf('fresh-token'));
    await registry.forget(['fresh-token']);
  });
});
