import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as csrfRoute } from '@/app/api/csrf/route';
import { POST as confirmRoute } from '@/app/api/links/[slug]/comments/confirm/route';
import { POST as reviewerRoute } from '@/app/api/links/[slug]/reviewer/route';
import { GET as tokenRoute } from '@/app/api/links/[slug]/token/route';
import { createShareLink } from '@/lib/access/create-link';
import { getBoxConnection } from '@/lib/box/connection';
import { getStore } from '@/lib/db/get-store';
import type { ShareLinkRecord, Store } from '@/lib/db/store';
import { CreateLinkSchema } from '@/lib/links/link-input';
import { commentEvent } from '@/lib/notify/events';
import { createAnnotationReader } from '@/lib/reviews/annotation-reader';
import { scanRecentComments } from '@/lib/reviews/comment-scan';
import { CookieJar } from '../helpers/cookie-client';
import { startTestSandbox, TEST_SANDBOX_DATA_DIR, type TestSandbox } from '../helpers/sandbox';

/**
 * Issue 9: a reviewer's comment reaches the editor as one `comment.created`
 * event as soon as the browser says "I just commented" (the nudge: the server
 * reads Box, never the browser's word), and, for a browser that never says so,
 * through the background scan. Through the real route handlers, the sandbox
 * and the embedded database.
 */
const ORIGIN = 'http://localhost:3000';
const dataDir = mkdtempSync(path.join(tmpdir(), 'easel-nudge-'));
let sandbox: TestSandbox;
let store: Store;
let editorId = '';
let clientNumber = 0;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  Object.assign(process.env, {
    SANDBOX_URL: sandbox.url,
    SANDBOX_DATA_DIR: TEST_SANDBOX_DATA_DIR,
    EASEL_DATA_DIR: dataDir,
    SESSION_SECRET: 'n'.repeat(48),
    LOG_LEVEL: 'silent',
  });
  delete process.env.DATABASE_URL;
  store = await getStore();
  editorId = (await store.editors.create({ email: 'nudge-owner@example.test', passwordHash: '$argon2id$fake' }))!.id;
});

afterAll(async () => {
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Reviewer {
  jar: CookieJar;
  csrf: string;
  ip: string;
}

function requestFrom(browser: { jar: CookieJar; ip: string }, url: string, init: { method?: string; csrf?: string; body?: unknown } = {}): Request {
  const headers: Record<string, string> = { cookie: browser.jar.header(), 'x-forwarded-for': browser.ip };
  if (init.csrf) headers['x-csrf-token'] = init.csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return new Request(`${ORIGIN}${url}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

const slugParams = (slug: string) => ({ params: Promise.resolve({ slug }) });

async function newLink(input: Record<string, unknown>): Promise<ShareLinkRecord> {
  return createShareLink(store, { editorId, email: 'nudge-owner@example.test' }, CreateLinkSchema.parse(input));
}

/** A browser that fetched its CSRF token and, when `name` is given, named itself on the link. */
async function browserOn(link: ShareLinkRecord, name?: string): Promise<Reviewer> {
  clientNumber += 1;
  const browser = { jar: new CookieJar(), ip: `198.51.100.${clientNumber}`, csrf: '' };
  browser.csrf = (await browser.jar.take(await csrfRoute(requestFrom(browser, '/api/csrf'))).json()).csrfToken as string;
  if (name) {
    const named = browser.jar.take(await reviewerRoute(requestFrom(browser, `/api/links/${link.slug}/reviewer`, { method: 'POST', csrf: browser.csrf, body: { name } }), slugParams(link.slug)));
    expect(named.status, await named.clone().text()).toBe(201);
  }
  return browser;
}

/** Posts a comment at Box (the sandbox) with the reviewer's own annotator token, as ContentPreview does. */
async function commentAsReviewer(browser: Reviewer, link: ShareLinkRecord, fileId: string, message: string): Promise<string> {
  const tokenResponse = await tokenRoute(requestFrom(browser, `/api/links/${link.slug}/token?file=${fileId}`), slugParams(link.slug));
  expect(tokenResponse.status, await tokenResponse.clone().text()).toBe(200);
  const { accessToken } = (await tokenResponse.json()) as { accessToken: string };
  const response = await fetch(`${sandbox.url}/2.0/undoc/annotations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      description: { type: 'reply', message },
      file_version: { type: 'file_version', id: `9${fileId}` },
      target: { type: 'point', location: { type: 'page', value: 1 }, x: 10, y: 20 },
    }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function nudge(browser: Reviewer, slug: string, body: unknown, csrf: string | null = browser.csrf): Promise<Response> {
  return confirmRoute(requestFrom(browser, `/api/links/${slug}/comments/confirm`, { method: 'POST', csrf: csrf ?? undefined, body }), slugParams(slug));
}

async function commentEvents(linkId: string): Promise<number> {
  const deliveries = (await store.notifications.recentDeliveries([linkId], 100)).get(linkId) ?? [];
  return deliveries.filter((delivery) => delivery.eventType === 'comment.created' && delivery.channel === 'email').length;
}

describe('the reviewer’s nudge', () => {
  let link: ShareLinkRecord;
  let ada: Reviewer;

  beforeAll(async () => {
    link = await newLink({ fileId: '1001', fileIds: ['1001', '1002'], role: 'annotator' });
    ada = await browserOn(link, 'Ada Nudge');
  });

  it('records a comment Box confirms as exactly one comment.created event; a repeated nudge adds none', async () => {
    await commentAsReviewer(ada, link, '1002', 'Warmer sky, please');
    expect(await commentEvents(link.id)).toBe(0);
    const first = await nudge(ada, link.slug, { fileId: '1002' });
    expect(first.status, await first.clone().text()).toBe(200);
    expect(await first.json()).toEqual({ confirmed: 1 });
    expect(await commentEvents(link.id)).toBe(1);

    const again = await nudge(ada, link.slug, { fileId: '1002' });
    expect(await again.json()).toEqual({ confirmed: 0 });
    expect(await commentEvents(link.id)).toBe(1);
  });

  it('reads Box, not the browser: a nudge with no new comment records nothing', async () => {
    const response = await nudge(ada, link.slug, { fileId: '1001' });
    expect(await response.json()).toEqual({ confirmed: 0 });
    expect(await commentEvents(link.id)).toBe(1);
  });

  it('refuses a nudge without the CSRF token, without a reviewer, for a file outside the link, or on a view-only link', async () => {
    const noCsrf = await nudge(ada, link.slug, { fileId: '1002' }, null);
    expect(noCsrf.status).toBe(403);

    const stranger = await browserOn(link);
    const anonymous = await nudge(stranger, link.slug, { fileId: '1002' });
    expect(anonymous.status).toBe(401);

    const outside = await nudge(ada, link.slug, { fileId: '1003' });
    expect(outside.status).toBe(404);

    const malformed = await nudge(ada, link.slug, { fileId: '../1002', extra: true });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toMatch(/at \w+ \(|stack/i);

    const viewOnly = await newLink({ fileId: '1001', role: 'viewer' });
    const visitor = await browserOn(viewOnly);
    const refused = await nudge(visitor, viewOnly.slug, { fileId: '1001' });
    expect(refused.status).toBe(403);
    expect(await commentEvents(link.id)).toBe(1);
  });

  it('does not count another link’s comment on the same file', async () => {
    const other = await newLink({ fileId: '1002', role: 'annotator' });
    const ben = await browserOn(other, 'Ben Elsewhere');
    await commentAsReviewer(ben, other, '1002', 'Ben on another link');
    const response = await nudge(ada, link.slug, { fileId: '1002' });
    expect(await response.json()).toEqual({ confirmed: 0 });
    expect(await commentEvents(link.id)).toBe(1);
    expect(await commentEvents(other.id)).toBe(0);
  });

  it('answers 410 once the link is revoked', async () => {
    const doomed = await newLink({ fileId: '1001', role: 'annotator' });
    const carol = await browserOn(doomed, 'Carol');
    await store.links.revoke(doomed.id);
    const response = await nudge(carol, doomed.slug, { fileId: '1001' });
    expect(response.status).toBe(410);
  });
});

describe('the background scan', () => {
  it('records a comment whose browser never nudged, once, and skips links nobody reviewed lately', async () => {
    const link = await newLink({ fileId: '1003', role: 'annotator' });
    const dora = await browserOn(link, 'Dora Silent');
    const commentId = await commentAsReviewer(dora, link, '1003', 'Silent but seen');
    const reader = createAnnotationReader(getBoxConnection(), { ttlMs: 0 });

    const first = await scanRecentComments(store, reader);
    expect(first.recorded).toBeGreaterThanOrEqual(1);
    expect(await commentEvents(link.id)).toBe(1);
    // The event recorded is this comment's (keyed by its Box id): the same one again is refused as a duplicate.
    expect(await store.notifications.emit(commentEvent({ linkId: link.id, fileId: '1003', commentId, reviewerName: 'Dora Silent', message: 'Silent but seen' }))).toBe(false);

    const second = await scanRecentComments(store, reader);
    expect(second.recorded).toBe(0);
    expect(await commentEvents(link.id)).toBe(1);

    // A day later, nobody has been on the link: the scan no longer reads it.
    const later = await scanRecentComments(store, reader, {}, new Date(Date.now() + 25 * 3_600_000));
    expect(later.links).toBe(0);
  });

  it('reads at most maxFiles files from Box per pass', async () => {
    const reads: string[] = [];
    const counting = { read: async (fileId: string) => (reads.push(fileId), []), refresh: async () => [] };
    const result = await scanRecentComments(store, counting, { maxFiles: 2 });
    expect(result.files).toBe(2);
    expect(reads).toHaveLength(2);
  });
});

describe('the annotation reader’s refresh', () => {
  async function annotationListings(since: number): Promise<number> {
    const log = (await (await fetch(`${sandbox.url}/_sandbox/requests?since=${since}`)).json()) as { requests: Array<{ method: string; path: string }> };
    return log.requests.filter((entry) => entry.method === 'GET' && entry.path === '/2.0/undoc/annotations').length;
  }

  it('asks Box at most once per file per interval; nudges in the meantime share the next read', async () => {
    const reader = createAnnotationReader(getBoxConnection(), { minRefreshMs: 400 });
    const since = Date.now();
    const burst = await Promise.all([reader.refresh('1001'), reader.refresh('1001'), reader.refresh('1001')]);
    expect(burst[1]).toBe(burst[0]);
    expect(burst[2]).toBe(burst[0]);
    expect(await annotationListings(since)).toBe(1);

    // Within the interval: these wait for the next read, and share it.
    const waited = Date.now();
    const next = await Promise.all([reader.refresh('1001'), reader.refresh('1001')]);
    expect(next[1]).toBe(next[0]);
    expect(next[0]).not.toBe(burst[0]);
    expect(Date.now() - waited).toBeGreaterThanOrEqual(250);
    expect(await annotationListings(since)).toBe(2);
  });
});
