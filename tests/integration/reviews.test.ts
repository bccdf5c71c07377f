import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPublicKey } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { actorSigningKeyOf, createActorTokenSigner } from '@/lib/box/actor-token';
import { sandboxCredentials } from '@/lib/box/credentials';
import { getBoxConnection } from '@/lib/box/connection';
import { assertGalleryFile } from '@/lib/access/gallery-policy';
import { createLinkGrant, type LinkGrantOptions } from '@/lib/access/link-grant';
import { getTokenService } from '@/lib/access/token-service';
import { getStore } from '@/lib/db/get-store';
import type { Store } from '@/lib/db/store';
import { ApiError } from '@/lib/http/api-error';
import { readJson } from '@/lib/http/read-json';
import { createShareLink } from '@/lib/access/create-link';
import { createRateLimiter } from '@/lib/http/rate-limit';
import { CreateLinkSchema } from '@/lib/links/link-input';
import type { Visitor } from '@/lib/links/visitor';
import { createAnnotationReader } from '@/lib/reviews/annotation-reader';
import { feedbackCsv } from '@/lib/reviews/feedback-csv';
import { loadLinksFeedback } from '@/lib/reviews/link-feedback';
import { recordDecision } from '@/lib/reviews/record-decision';
import { DecisionSchema, IdentifyReviewerSchema } from '@/lib/reviews/review-input';
import { reviewerCookieName, reviewerSetCookie } from '@/lib/reviews/reviewer-cookie';
import { identifyReviewer } from '@/lib/reviews/reviewer-identity';
import { introspect } from '@/tests/helpers/token-harness';
import { startTestSandbox, TEST_SANDBOX_DATA_DIR, type TestSandbox } from '@/tests/helpers/sandbox';

/**
 * Reviews end to end below the browser: links with review sets, named
 * reviewers whose tokens are Box annotator tokens, private (view_self)
 * feedback, decisions, and the editor's feedback read back from Box.
 * The process-wide services run against an in-process sandbox.
 */
let sandbox: TestSandbox;
let store: Store;
const editor = { editorId: '', email: 'owner@example.test' };

beforeAll(async () => {
  sandbox = await startTestSandbox();
  Object.assign(process.env, {
    SANDBOX_URL: sandbox.url,
    SANDBOX_DATA_DIR: TEST_SANDBOX_DATA_DIR,
    EASEL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'easel-reviews-')),
    SESSION_SECRET: 'x'.repeat(48),
    LOG_LEVEL: 'silent',
  });
  // The process-wide store (fresh PGlite in the temporary EASEL_DATA_DIR): the token service records link tokens there.
  store = await getStore();
  editor.editorId = (await store.editors.create({ email: editor.email, passwordHash: '$argon2id$fake' }))!.id;
});

afterAll(async () => {
  await sandbox?.close();
});

/** The link grant behind GET /api/links/:slug/token, on this test's database; a failure is thrown as its ApiError. */
async function issueLinkToken(on: Store, slug: string, visitor: Visitor, _requestId?: string, options: LinkGrantOptions = {}) {
  const grant = createLinkGrant({
    tokens: getTokenService(),
    policy: { assertGalleryFile },
    rateLimiter: createRateLimiter({ name: 'token', points: 10_000, durationSeconds: 60 }),
    store: async () => on,
  });
  const result = await grant(visitor, slug, options);
  if (result.status !== 'ok') throw result.error;
  return { token: result.token };
}

function visitorWith(cookies: Record<string, string> = {}): Visitor {
  return { clientKey: '203.0.113.9', fingerprint: 'fp-test', readCookie: (name) => cookies[name] };
}

/** The cookie jar of a browser that named itself on the link. */
async function reviewerVisitor(link: { id: string; expiresAt: Date | null }, reviewerId: string): Promise<Visitor> {
  const header = await reviewerSetCookie(link, reviewerId);
  const [pair] = header.split(';');
  const index = pair!.indexOf('=');
  return visitorWith({ [pair!.slice(0, index)]: pair!.slice(index + 1) });
}

async function newLink(input: Record<string, unknown>) {
  return createShareLink(store, editor, CreateLinkSchema.parse(input));
}

async function errorOf(promise: Promise<unknown>): Promise<ApiError> {
  const caught = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(caught).toBeInstanceOf(ApiError);
  return caught as ApiError;
}

async function countRows() {
  const links = await store.links.listWithViews({ limit: 1000 });
  const reviewers = await store.reviews.reviewersOfLinks(links.map((link) => link.id));
  const decisions = await store.reviews.decisionsOfLinks(links.map((link) => link.id));
  return { links: links.length, reviewers: reviewers.length, decisions: decisions.length };
}

function jsonRequest(body: unknown): Request {
  return new Request('http://easel.test/api', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function comment(token: string, fileId: string, message: string) {
  const response = await fetch(`${sandbox.url}/2.0/undoc/annotations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      description: { type: 'reply', message },
      file_version: { type: 'file_version', id: `9${fileId}` },
      target: { type: 'point', location: { type: 'page', value: 1 }, x: 10, y: 20 },
    }),
  });
  return { status: response.status, json: await response.json() };
}

async function messagesSeenBy(token: string, fileId: string): Promise<string[] | number> {
  const response = await fetch(`${sandbox.url}/2.0/undoc/annotations?file_id=${fileId}`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) return response.status;
  return ((await response.json()).entries as Array<{ description: { message: string } }>).map((entry) => entry.description.message);
}

describe('annotator token', () => {
  const claims = (iss: string, at: number) => ({
    iss,
    sub: 'reviewer-1',
    name: 'Ada Lovelace',
    box_sub_type: 'external',
    aud: 'https://api.box.com/oauth2/token',
    jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    exp: at / 1000 + 45,
  });

  it('a JWT app signs it RS256 with its private key, with the claims Box documents', async () => {
    const credentials = sandboxCredentials(TEST_SANDBOX_DATA_DIR, sandbox.url);
    const key = actorSigningKeyOf(credentials)!;
    const at = Date.now() - (Date.now() % 1000);
    const jwt = await createActorTokenSigner(credentials.kind === 'jwt' ? credentials.clientId : undefined, key)({ id: 'reviewer-1', name: 'Ada Lovelace' }, at);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', kid: key.keyId, typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, createPublicKey(key.privateKey), { algorithms: ['RS256'], currentDate: new Date(at) });
    expect(payload).toEqual(claims(credentials.kind === 'jwt' ? credentials.clientId : '', at));
  });

  it('an app without a key pair sends it unsigned, as Box\'s Node SDK did', async () => {
    const at = Date.UTC(2026, 0, 1);
    const jwt = await createActorTokenSigner('client-123', undefined)({ id: 'reviewer-1', name: 'Ada Lovelace' }, at);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'none' });
    expect(decodeJwt(jwt)).toEqual(claims('client-123', at));
  });
});

describe('reviews', () => {
  let link: Awaited<ReturnType<typeof newLink>>;
  let ada: Visitor;
  let ben: Visitor;
  let adaId: string;
  let benId: string;

  beforeAll(async () => {
    link = await newLink({ fileId: '1001', fileIds: ['1001', '1002', '1003'], role: 'annotator', commentVisibility: 'view_self', label: 'Northwind' });
    const first = await identifyReviewer(store, link, IdentifyReviewerSchema.parse({ name: 'Ada Lovelace' }), () => undefined);
    const second = await identifyReviewer(store, link, IdentifyReviewerSchema.parse({ name: 'Ben Okri' }), () => undefined);
    adaId = first.reviewer.id;
    benId = second.reviewer.id;
    ada = await reviewerVisitor(link, adaId);
    ben = await reviewerVisitor(link, benId);
  });

  it('renames a known reviewer without a new identity, and asks for an email where the link says so', async () => {
    const renamed = await identifyReviewer(store, link, IdentifyReviewerSchema.parse({ name: 'Ada  Lovelace ' }), ada.readCookie);
    expect(renamed).toMatchObject({ created: false, reviewer: { id: adaId, name: 'Ada Lovelace' } });
    const strict = await newLink({ fileId: '1005', role: 'annotator', requireEmail: true });
    const before = await countRows();
    const missing = await errorOf(identifyReviewer(store, strict, IdentifyReviewerSchema.parse({ name: 'Dee' }), () => undefined));
    expect([missing.status, missing.code]).toEqual([400, 'bad_request:invalid']);
    expect((await countRows()).reviewers).toBe(before.reviewers);
    const named = await identifyReviewer(store, strict, IdentifyReviewerSchema.parse({ name: 'Dee', email: ' Dee@Example.TEST ' }), () => undefined);
    expect(named.reviewer).toMatchObject({ name: 'Dee', email: 'dee@example.test' });
    const viewOnly = await newLink({ fileId: '1005', role: 'viewer' });
    expect((await errorOf(identifyReviewer(store, viewOnly, IdentifyReviewerSchema.parse({ name: 'Eve' }), () => undefined))).status).toBe(403);
  });

  it('keeps a review set in the editor’s order', async () => {
    expect(await store.links.filesOf(link.id)).toEqual(['1001', '1002', '1003']);
  });

  it('mints each reviewer their own annotator token: the exchange carries the actor, and Box attributes comments to them', async () => {
    const { token } = await issueLinkToken(store, link.slug, ada, undefined, { fileId: '1002' });
    const info = (await introspect(sandbox, token.accessToken)) as Awaited<ReturnType<typeof introspect>> & { actor?: unknown };
    expect(info).toMatchObject({ active: true, restrictedTo: ['1002'], actor: { id: adaId, name: 'Ada Lovelace' } });
    expect(token.scopes.sort()).toEqual(['annotation_edit', 'annotation_view_self', 'base_preview']);
    const created = await comment(token.accessToken, '1002', 'Ada: more contrast');
    expect(created.status).toBe(201);
    expect(created.json.created_by).toMatchObject({ id: adaId, name: 'Ada Lovelace' });
  });

  it('keys the token cache by reviewer: one exchange per reviewer, none for a repeat', async () => {
    const before = (await sandbox.control('GET', 'stats')).body.exchanges as number;
    const a1 = await issueLinkToken(store, link.slug, ada, undefined, { fileId: '1003' });
    const a2 = await issueLinkToken(store, link.slug, ada, undefined, { fileId: '1003' });
    const b1 = await issueLinkToken(store, link.slug, ben, undefined, { fileId: '1003' });
    expect(a2.token.accessToken).toBe(a1.token.accessToken);
    expect(b1.token.accessToken).not.toBe(a1.token.accessToken);
    expect((await sandbox.control('GET', 'stats')).body.exchanges).toBe(before + 2);
  });

  it('on a private (view_self) link each reviewer sees only their own comments; anonymous gallery visitors see none', async () => {
    const adaToken = (await issueLinkToken(store, link.slug, ada, undefined, { fileId: '1001' })).token.accessToken;
    const benToken = (await issueLinkToken(store, link.slug, ben, undefined, { fileId: '1001' })).token.accessToken;
    expect((await comment(adaToken, '1001', 'Ada on the sunset')).status).toBe(201);
    expect((await comment(benToken, '1001', 'Ben on the sunset')).status).toBe(201);
    expect(await messagesSeenBy(adaToken, '1001')).toEqual(['Ada on the sunset']);
    expect(await messagesSeenBy(benToken, '1001')).toEqual(['Ben on the sunset']);
    const anonymous = await getTokenService().getFileToken({ fileId: '1001', role: 'viewer', annotations: 'none' });
    expect(await messagesSeenBy(anonymous.accessToken, '1001')).toBe(403);
    // Only the author may delete.
    const ids = await fetch(`${sandbox.url}/2.0/undoc/annotations?file_id=1001`, { headers: { authorization: `Bearer ${adaToken}` } }).then(async (r) => (await r.json()).entries.map((e: { id: string }) => e.id));
    const stolen = await fetch(`${sandbox.url}/2.0/undoc/annotations/${ids[0]}`, { method: 'DELETE', headers: { authorization: `Bearer ${benToken}` } });
    expect(stolen.status).toBe(403);
  });

  it('a view-only link shows no comments by default; one made to show everyone\'s shows the private ones too', async () => {
    const hidden = await newLink({ fileId: '1001', role: 'viewer' });
    expect(hidden.commentVisibility).toBe('view_self');
    const { token } = await issueLinkToken(store, hidden.slug, visitorWith());
    expect(token.scopes).toEqual(['base_preview']);
    expect((await introspect(sandbox, token.accessToken)).scopes).toEqual(['base_preview']);
    expect(await messagesSeenBy(token.accessToken, '1001')).toBe(403);

    const shown = await newLink({ fileId: '1001', role: 'viewer', commentVisibility: 'view_all' });
    const all = (await issueLinkToken(store, shown.slug, visitorWith())).token;
    expect(all.scopes).toEqual(['base_preview', 'annotation_view_all']);
    // Everyone's means everyone's: the comments Ada and Ben left privately on their link are there too.
    expect(await messagesSeenBy(all.accessToken, '1001')).toEqual(expect.arrayContaining(['Ada on the sunset', 'Ben on the sunset']));
  });

  it('records a decision per reviewer and file, and a later one replaces it', async () => {
    await recordDecision(store, link.slug, ada, DecisionSchema.parse({ fileId: '1002', decision: 'changes_requested', note: 'Darker sea' }));
    const changed = await recordDecision(store, link.slug, ada, DecisionSchema.parse({ fileId: '1002', decision: 'approved', note: null }));
    expect(changed).toMatchObject({ reviewerId: adaId, fileId: '1002', decision: 'approved', note: null });
    const mine = await store.reviews.decisionsOfReviewer(adaId);
    expect(mine.map((entry) => [entry.fileId, entry.decision])).toEqual([['1002', 'approved']]);
    // Each decision is an event for the editor, written with it (the link's default email: digest).
    const deliveries = (await store.notifications.recentDeliveries([link.id], 10)).get(link.id) ?? [];
    expect(deliveries.filter((delivery) => delivery.eventType === 'decision.made').map((delivery) => [delivery.channel, delivery.digest])).toEqual([
      ['email', true],
      ['email', true],
    ]);
  });

  it('shows the editor every comment with its reviewer and every decision, read from Box, and exports them as CSV', async () => {
    const reader = createAnnotationReader(getBoxConnection(), { ttlMs: 0 });
    const feedback = (await loadLinksFeedback(store, reader, [link])).get(link.id)!;
    expect(feedback.reviewers.map((reviewer) => [reviewer.name, reviewer.comments])).toEqual([
      ['Ada Lovelace', 2],
      ['Ben Okri', 1],
    ]);
    expect(feedback.comments.map((entry) => `${entry.reviewerName}|${entry.fileId}|${entry.message}`).sort()).toEqual([
      'Ada Lovelace|1001|Ada on the sunset',
      'Ada Lovelace|1002|Ada: more contrast',
      'Ben Okri|1001|Ben on the sunset',
    ]);
    expect(feedback.decisions).toEqual([expect.objectContaining({ reviewerName: 'Ada Lovelace', fileId: '1002', decision: 'approved' })]);
    const csv = feedbackCsv(feedback, new Map([['1001', 'Sunset Over Dunes.jpg']]));
    for (const entry of feedback.comments) expect(csv).toContain(entry.message);
    expect(csv.split('\r\n')[0]).toBe('kind,time,reviewer,file_id,file_name,page,decision,text,annotation_id');
  });

  it('keeps comments on other links out of a link’s feedback', async () => {
    const other = await newLink({ fileId: '1001', role: 'annotator' });
    const carol = await identifyReviewer(store, other, IdentifyReviewerSchema.parse({ name: 'Carol' }), () => undefined);
    const token = (await issueLinkToken(store, other.slug, await reviewerVisitor(other, carol.reviewer.id))).token.accessToken;
    expect((await comment(token, '1001', 'Carol elsewhere')).status).toBe(201);
    const feedback = await loadLinksFeedback(store, createAnnotationReader(getBoxConnection(), { ttlMs: 0 }), [link, other]);
    expect(feedback.get(link.id)!.comments.map((entry) => entry.message)).not.toContain('Carol elsewhere');
    expect(feedback.get(other.id)!.comments.map((entry) => entry.message)).toEqual(['Carol elsewhere']);
  });

  describe('refuses bad input with a clear 4xx and changes nothing', () => {
    it.each([
      ['an oversized name', { name: 'A'.repeat(81) }],
      ['a name with markup', { name: '<img src=x onerror=alert(1)>' }],
      ['a name with markup inside', { name: 'Ada <b>L</b>' }],
      ['an empty name', { name: '   ' }],
      ['a name with control characters', { name: 'Ada\u202eecalevoL' }],
      ['an unexpected field', { name: 'Ada', reviewerId: '00000000-0000-4000-8000-000000000000' }],
    ])('%s', async (_label, body) => {
      const before = await countRows();
      const error = await errorOf(readJson(jsonRequest(body), IdentifyReviewerSchema));
      expect(error.status).toBe(400);
      expect(error.message).toMatch(/^Invalid request: /);
      expect(await countRows()).toEqual(before);
    });

    it('a forged reviewer cookie: no identity, so no token and no decision', async () => {
      const before = await countRows();
      const forged = visitorWith({ [reviewerCookieName(link)]: 'Fe26.2**forged*cookie' });
      const tokenError = await errorOf(issueLinkToken(store, link.slug, forged));
      expect([tokenError.status, tokenError.code]).toEqual([401, 'unauthorized:reviewer']);
      const decisionError = await errorOf(recordDecision(store, link.slug, forged, DecisionSchema.parse({ fileId: '1001', decision: 'approved' })));
      expect(decisionError.status).toBe(401);
      // Another link's genuine cookie does not work here either.
      const other = await newLink({ fileId: '1004', role: 'annotator' });
      const borrowed = visitorWith({ [reviewerCookieName(link)]: (await reviewerSetCookie(other, adaId)).split(';')[0]!.split('=').slice(1).join('=') });
      expect((await errorOf(issueLinkToken(store, link.slug, borrowed))).status).toBe(401);
      expect((await countRows()).decisions).toBe(before.decisions);
    });

    it('an unknown file id in a set', async () => {
      const before = await countRows();
      const error = await errorOf(newLink({ fileId: '1001', fileIds: ['1001', '999999'], role: 'annotator' }));
      expect([error.status, error.code]).toEqual([404, 'not_found:file']);
      expect(await countRows()).toEqual(before);
    });

    it('a file outside the gallery in a set', async () => {
      const before = await countRows();
      const error = await errorOf(newLink({ fileId: '1001', fileIds: ['1001', '2001'], role: 'annotator' }));
      expect([error.status, error.code]).toEqual([404, 'not_found:file']);
      expect(await countRows()).toEqual(before);
    });

    it('a set that repeats a file or does not start with fileId', async () => {
      expect(CreateLinkSchema.safeParse({ fileId: '1001', fileIds: ['1001', '1001'], role: 'annotator' }).success).toBe(false);
      expect(CreateLinkSchema.safeParse({ fileId: '1001', fileIds: ['1002', '1001'], role: 'annotator' }).success).toBe(false);
    });

    it('a decision for a file not in the link', async () => {
      const before = await countRows();
      const error = await errorOf(recordDecision(store, link.slug, ada, DecisionSchema.parse({ fileId: '1004', decision: 'approved' })));
      expect([error.status, error.code]).toEqual([404, 'not_found:link_file']);
      expect(await countRows()).toEqual(before);
      expect(await store.reviews.decisionsOfReviewer(adaId)).toHaveLength(1);
    });

    it('a token for a file not in the link', async () => {
      const error = await errorOf(issueLinkToken(store, link.slug, ada, undefined, { fileId: '1004' }));
      expect([error.status, error.code]).toEqual([404, 'not_found:link_file']);
    });

    it('an oversized note or an unknown decision', async () => {
      expect((await errorOf(readJson(jsonRequest({ fileId: '1001', decision: 'approved', note: 'x'.repeat(1001) }), DecisionSchema))).status).toBe(400);
      expect((await errorOf(readJson(jsonRequest({ fileId: '1001', decision: 'maybe' }), DecisionSchema))).status).toBe(400);
    });
  });
});
