import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LinkGone } from '@/components/share/link-gone';
import { createLinkGrant, type LinkGrantDeps } from '@/lib/access/link-grant';
import { createStore, type Store } from '@/lib/db/store';
import { createRateLimiter } from '@/lib/http/rate-limit';
import { newSlug } from '@/lib/links/slug';
import type { Visitor } from '@/lib/links/visitor';
import { openPgliteTestDatabase, type TestDatabase } from '@/tests/helpers/test-database';
import { startTestSandbox, type TestSandbox } from '@/tests/helpers/sandbox';
import { createTokenHarness } from '@/tests/helpers/token-harness';

/**
 * grantLinkToken against an in-process sandbox and an embedded database:
 * what a share-link visitor is told, down to the page's words.
 */
let sandbox: TestSandbox;
let database: TestDatabase;
let store: Store;
let editorId: string;

const visitor: Visitor = { clientKey: '203.0.113.40', fingerprint: 'visitor-fingerprint', readCookie: () => undefined };

beforeAll(async () => {
  sandbox = await startTestSandbox();
  database = await openPgliteTestDatabase();
  store = createStore(database.db);
  editorId = (await store.editors.create({ email: 'grants@example.test', passwordHash: '$argon2id$fake' }))!.id;
});

afterAll(async () => {
  await database?.dispose();
  await sandbox?.close();
});

beforeEach(async () => {
  await sandbox.control('POST', 'reset');
});

function newLink(fileId = '1001') {
  return store.links.create({ slug: newSlug(), fileId, role: 'viewer', allowDownload: false, expiresAt: null, passwordHash: null, label: null, createdBy: editorId });
}

function grantWith(tokens: LinkGrantDeps['tokens'], harness: ReturnType<typeof createTokenHarness>) {
  const rateLimiter = createRateLimiter({ name: 'token', points: 1000, durationSeconds: 60 });
  return createLinkGrant({ tokens, policy: harness.policy, rateLimiter, store: async () => store });
}

describe('grantLinkToken', () => {
  it('grants a token for the link’s file and role, and answers not_found for an unknown slug', async () => {
    const harness = createTokenHarness(sandbox);
    const grantLinkToken = grantWith(harness.tokens, harness);
    const link = await newLink('1002');
    const granted = await grantLinkToken(visitor, link.slug);
    expect(granted.status).toBe('ok');
    expect(granted.status === 'ok' && granted.token).toMatchObject({ fileId: '1002', role: 'viewer' });
    expect(await grantLinkToken(visitor, link.slug, { fileId: '1003' })).toMatchObject({ status: 'not_found' });
    expect(await grantLinkToken(visitor, newSlug())).toMatchObject({ status: 'not_found' });
  });

  it('a link turned off while its token is being minted: gone (revoked), and the page says the link was turned off', async () => {
    const harness = createTokenHarness(sandbox);
    await harness.connection.auth.current();
    await harness.policy.assertGalleryFile('1001');
    const link = await newLink('1001');

    let mintStarted!: () => void;
    const minting = new Promise<void>((resolve) => (mintStarted = resolve));
    const grantLinkToken = grantWith(
      {
        getFileToken: (request) => {
          mintStarted();
          return harness.tokens.getFileToken(request);
        },
        revokeLinkTokens: (linkId) => harness.tokens.revokeLinkTokens(linkId),
      },
      harness,
    );

    await sandbox.control('POST', 'faults', { latencyMs: 1500 });
    const pending = grantLinkToken(visitor, link.slug);
    await minting;
    // What the revoke route does: the database first, then the link's tokens at Box.
    await store.links.revoke(link.id);
    await harness.tokens.revokeLinkTokens(link.id);
    const result = await pending;

    expect(result).toMatchObject({ status: 'gone', reason: 'revoked' });
    expect(result.status !== 'ok' && result.error.code).toBe('gone:link_revoked');
    expect(result.status !== 'ok' && result.error.status).toBe(410);
    const page = renderToStaticMarkup(createElement(LinkGone, { reason: result.status === 'gone' ? result.reason : 'expired' }));
    expect(page).toContain('has turned the link off');
    expect(page).not.toContain('unavailable');
  });
});
