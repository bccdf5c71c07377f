import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import setupPostgres from '../setup/postgres';
import { startRedisServer, type RedisServer } from '../setup/redis-server';
import { APP_URL } from './env';
import { FLEET_METRICS_TOKEN, signIn, startAppFleet, type AppFleet } from '../helpers/app-fleet';
import { FIRST_EXTRA_FILE_ID } from '../../lib/sandbox/catalog';

/**
 * Two Easel processes from one production build, on one Redis and one
 * PostgreSQL database, against one sandbox: they must behave as one app.
 */
const run = promisify(execFile);
const FILE_COUNT = 20;
/** The sandbox's gallery: 9 samples (1001…1009) and, with SANDBOX_EXTRA_FILES=11, extras from FIRST_EXTRA_FILE_ID. */
const GALLERY_IDS = [...Array.from({ length: 9 }, (_, i) => String(1001 + i)), ...Array.from({ length: 11 }, (_, i) => String(FIRST_EXTRA_FILE_ID + i))];

let redis: RedisServer;
let fleet: AppFleet;
let stopPostgres: (() => void) | undefined;
let A: string;
let B: string;

interface Stats {
  grants: { jwt: number; ccg: number };
  exchanges: number;
  revocations: number;
}

async function stats(): Promise<Stats> {
  return (await (await fetch(`${fleet.sandboxUrl}/_sandbox/stats`)).json()) as Stats;
}

async function introspect(token: string): Promise<{ active: boolean }> {
  const response = await fetch(`${fleet.sandboxUrl}/_sandbox/introspect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  return (await response.json()) as { active: boolean };
}

async function fileToken(base: string, fileId: string): Promise<{ status: number; accessToken?: string }> {
  const response = await fetch(`${base}/api/files/${fileId}/token`);
  const body = (await response.json()) as { accessToken?: string };
  return { status: response.status, accessToken: body.accessToken };
}

async function createLink(base: string, session: { cookie: string; csrfToken: string }, input: Record<string, unknown>): Promise<{ id: string; slug: string }> {
  const response = await fetch(`${base}/api/editor/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken, cookie: session.cookie },
    body: JSON.stringify(input),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  const body = (await response.json()) as { id: string; url: string };
  return { id: body.id, slug: new URL(body.url).pathname.split('/').pop()! };
}

async function revokeLink(base: string, session: { cookie: string; csrfToken: string }, linkId: string): Promise<{ status: number; body: { tokensRevoked?: number; boxConfirmed?: boolean } }> {
  const response = await fetch(`${base}/api/editor/links/${linkId}/revoke`, { method: 'POST', headers: { 'x-csrf-token': session.csrfToken, cookie: session.cookie } });
  return { status: response.status, body: (await response.json()) as { tokensRevoked?: number; boxConfirmed?: boolean } };
}

async function redisDump(): Promise<string[]> {
  const cli = (...args: string[]) => run('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), ...args]);
  const { stdout } = await cli('--scan');
  const values: string[] = [];
  for (const key of stdout.split('\n').filter(Boolean)) {
    const type = (await cli('TYPE', key)).stdout.trim();
    if (type === 'string') values.push((await cli('GET', key)).stdout.trim());
    if (type === 'hash') values.push(...(await cli('HVALS', key)).stdout.split('\n').filter(Boolean));
  }
  return values;
}

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

test.beforeAll(async () => {
  test.setTimeout(300_000);
  redis = await startRedisServer();
  if (!process.env.TEST_DATABASE_URL) stopPostgres = (await setupPostgres()) ?? undefined;
  const postgresUrl = process.env.TEST_DATABASE_URL;
  if (!postgresUrl) throw new Error('No PostgreSQL: install Debian postgresql (tests/setup/postgres.ts starts it) or set TEST_DATABASE_URL.');
  fleet = await startAppFleet({ instances: 2, redisUrl: redis.url, postgresUrl });
  [A, B] = fleet.urls as [string, string];
});

test.afterAll(async () => {
  await fleet?.stop();
  await redis?.dispose();
  stopPostgres?.();
});

test('200 concurrent views over 20 cold files spread over both instances: exactly 20 exchanges and 1 JWT grant fleet-wide', async () => {
  const before = await stats();
  expect(before.exchanges).toBe(0);
  const views = Array.from({ length: 200 }, (_, index) => ({ base: index % 2 === 0 ? A : B, fileId: GALLERY_IDS[index % FILE_COUNT]! }));
  const answers = await Promise.all(views.map(({ base, fileId }) => fileToken(base, fileId)));
  expect(answers.map((answer) => answer.status)).toEqual(views.map(() => 200));
  const tokenOf = new Map<string, string>();
  answers.forEach((answer, index) => {
    const fileId = views[index]!.fileId;
    const known = tokenOf.get(fileId);
    if (known) expect(answer.accessToken).toBe(known);
    else tokenOf.set(fileId, answer.accessToken!);
  });
  const after = await stats();
  expect(after.exchanges).toBe(FILE_COUNT);
  expect(after.grants.jwt).toBe(1);
});

test('the same editor session works on both instances', async () => {
  const session = await signIn(A);
  // Without the session B sends the visitor to the sign-in page; with it, B shows the dashboard.
  const anonymous = await fetch(`${B}/editor`, { redirect: 'manual' });
  expect(anonymous.status).toBeGreaterThanOrEqual(300);
  expect(anonymous.status).toBeLessThan(400);
  const dashboard = await fetch(`${B}/editor`, { headers: { cookie: session.cookie }, redirect: 'manual' });
  expect(dashboard.status).toBe(200);
  expect(await dashboard.text()).toContain('Share links');
  await createLink(B, session, { fileId: GALLERY_IDS[0], role: 'viewer', label: 'made on B' });
});

test('a link revoked on instance A makes the token minted on instance B inactive at Box, and B answers 410 next', async () => {
  const session = await signIn(A);
  const link = await createLink(A, session, { fileId: GALLERY_IDS[1], role: 'viewer' });
  const minted = await fetch(`${B}/api/links/${link.slug}/token`);
  expect(minted.status).toBe(200);
  const { accessToken } = (await minted.json()) as { accessToken: string };
  expect((await introspect(accessToken)).active).toBe(true);

  const revoked = await revokeLink(A, session, link.id);
  expect(revoked.status).toBe(200);
  expect(revoked.body).toMatchObject({ tokensRevoked: 1, boxConfirmed: true });
  expect((await introspect(accessToken)).active).toBe(false);
  expect((await fetch(`${B}/api/links/${link.slug}/token`)).status).toBe(410);
});

test('6 wrong link passwords spread over both instances hit the limit of 5', async () => {
  const session = await signIn(A);
  const link = await createLink(A, session, { fileId: GALLERY_IDS[2], role: 'viewer', password: 'correct-horse-battery' });
  const csrf = await fetch(`${A}/api/csrf`);
  const cookie = csrf.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const response = await fetch(`${attempt % 2 === 0 ? A : B}/api/links/${link.slug}/unlock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
      body: JSON.stringify({ password: `wrong-${attempt}` }),
    });
    statuses.push(response.status);
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
});

test('a Redis dump holds no token that Box calls active', async () => {
  const live = await fileToken(A, GALLERY_IDS[3]!);
  expect((await introspect(live.accessToken!)).active).toBe(true);
  const values = await redisDump();
  // File tokens, the parent token, the link registry and the rate-limit counters.
  expect(values.length).toBeGreaterThan(FILE_COUNT);
  for (const value of values) {
    expect(value).not.toContain(live.accessToken!);
    expect((await introspect(value)).active).toBe(false);
  }
});

test('metrics: 404 where METRICS_TOKEN is unset; 401 without the bearer token; with it, token requests and Box calls by kind', async () => {
  expect((await fetch(`${APP_URL}/api/metrics`, { headers: { authorization: `Bearer ${FLEET_METRICS_TOKEN}` } })).status).toBe(404);
  expect((await fetch(`${A}/api/metrics`)).status).toBe(401);
  const response = await fetch(`${A}/api/metrics`, { headers: { authorization: `Bearer ${FLEET_METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toMatch(/easel_token_requests_total\{outcome="hit"\} \d+/);
  expect(text).toMatch(/easel_box_calls_total\{kind="exchange",status="200"\} \d+/);
  expect(text).toContain('easel_redis_degraded 0');
});

test('Redis killed mid-run: views keep answering 200, revocation fails closed, and after Redis returns the fleet converges', async () => {
  const session = await signIn(A);
  const link = await createLink(A, session, { fileId: GALLERY_IDS[4], role: 'viewer' });
  const onB = await fetch(`${B}/api/links/${link.slug}/token`);
  const { accessToken } = (await onB.json()) as { accessToken: string };
  const grantsBefore = (await stats()).grants.jwt;

  await redis.stop(true);
  const views = Array.from({ length: 40 }, (_, index) => ({ base: index % 2 === 0 ? A : B, fileId: GALLERY_IDS[index % FILE_COUNT]! }));
  const answers = await Promise.all(views.map(({ base, fileId }) => fileToken(base, fileId)));
  expect(answers.map((answer) => answer.status)).toEqual(views.map(() => 200));
  const health = await fetch(`${A}/api/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'degraded', redis: 'unreachable' });

  // Fail closed: the link is off on every instance at once, and B's token (recorded in the database) is dead at Box.
  const revoked = await revokeLink(A, session, link.id);
  expect(revoked.status).toBe(200);
  // The editor is told Box did not confirm: tokens only Redis knew of are revoked once it is back.
  expect(revoked.body).toMatchObject({ boxConfirmed: false });
  expect((await fetch(`${B}/api/links/${link.slug}/token`)).status).toBe(410);
  expect((await fetch(`${A}/api/links/${link.slug}/token`)).status).toBe(410);
  expect((await introspect(accessToken)).active).toBe(false);

  await redis.start();
  await expect.poll(async () => ((await (await fetch(`${B}/api/health`)).json()) as { status: string }).status, { timeout: 20_000 }).toBe('ok');
  const again = await Promise.all(GALLERY_IDS.slice(15).flatMap((fileId) => [fileToken(A, fileId), fileToken(B, fileId)]));
  expect(again.map((answer) => answer.status)).toEqual(again.map(() => 200));
  // No duplicate parent grants beyond one per instance.
  expect((await stats()).grants.jwt - grantsBefore).toBeLessThanOrEqual(2);
});
