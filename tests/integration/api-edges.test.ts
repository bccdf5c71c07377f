import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as notFoundRoute, POST as notFoundPost } from '@/app/api/[...path]/route';
import { POST as galleryPost } from '@/app/api/gallery/route';
import { GET as loginGet } from '@/app/api/editor/login/route';
import { hashPassword } from '@/lib/auth/password-hash';
import { openDatabase } from '@/lib/db/open-database';
import { createStore } from '@/lib/db/store';
import { healthResponse } from '@/lib/health/health-response';
import { probeDatabase } from '@/lib/health/probe-database';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest } from '@/lib/http/json-response';
import { isMalformedPath, malformedPathResponse } from '@/lib/http/malformed-path';
import { MAX_BODY_BYTES, readJson } from '@/lib/http/read-json';
import { createShareLink } from '@/lib/access/create-link';
import { CreateLinkSchema } from '@/lib/links/link-input';
import { startTestSandbox, TEST_SANDBOX_DATA_DIR, type TestSandbox } from '../helpers/sandbox';
import { z } from 'zod';

/**
 * Issue 11, finding 10: every API error is the JSON error shape (404, 405,
 * 413, 500, malformed paths), bodies over the limit are refused before being
 * read whole, health reports the database, and a link and its audit row are
 * written in one transaction.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'easel-edges-'));
let sandbox: TestSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  process.env.EASEL_DATA_DIR = dataDir;
  process.env.SANDBOX_URL = sandbox.url;
  process.env.SANDBOX_DATA_DIR = TEST_SANDBOX_DATA_DIR;
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function expectJsonError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json');
  const body = await response.json();
  expect(body.error).toMatchObject({ code });
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.requestId).toBe('string');
}

describe('API errors are always the JSON error shape', () => {
  it('405 for a method a route does not serve, with Allow', async () => {
    const response = await galleryPost(new Request('http://localhost/api/gallery', { method: 'POST' }));
    await expectJsonError(response, 405, 'method_not_allowed:route');
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    await expectJsonError(await loginGet(new Request('http://localhost/api/editor/login')), 405, 'method_not_allowed:route');
  });

  it('405 in the JSON shape, with Allow, for every method any route does not serve', async () => {
    const apiDir = path.join(process.cwd(), 'app', 'api');
    const routeFiles = readdirSync(apiDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => path.basename(file) === 'route.ts')
      .filter((file) => !file.startsWith('[...path]')); // the catch-all answers 404 to every method
    expect(routeFiles.length).toBeGreaterThan(15);
    for (const file of routeFiles) {
      // The methods a route serves are the handlers it defines itself; every other one must be refused.
      const source = readFileSync(path.join(apiDir, file), 'utf8');
      const served = METHODS.filter((method) => new RegExp(`export async function ${method}\\b`).test(source));
      expect(served, file).not.toEqual([]);
      const route = (await import(path.join(apiDir, file))) as Record<string, unknown>;
      for (const method of METHODS.filter((m) => !served.includes(m))) {
        const handler = route[method];
        expect(typeof handler, `${file} exports ${method}`).toBe('function');
        const url = `http://localhost/api/${path.dirname(file)}`;
        const response = await (handler as RouteHandler)(new Request(url, { method }), { params: Promise.resolve({}) });
        expect(response.status, `${method} ${file}`).toBe(405);
        expect(response.headers.get('content-type')).toBe('application/json');
        const body = await response.json();
        expect(body.error).toMatchObject({ code: 'method_not_allowed:route', message: expect.any(String) });
        const allow = response.headers.get('allow');
        if (allow !== null) expect(allow.split(', ').filter((m) => METHODS.includes(m as Method)).sort(), `Allow of ${file}`).toEqual([...served].sort());
      }
    }
  });

  it('404 for an /api/ address no route serves, whatever the method', async () => {
    await expectJsonError(await notFoundRoute(new Request('http://localhost/api/nothing/here')), 404, 'not_found:route');
    await expectJsonError(await notFoundPost(new Request('http://localhost/api/nothing', { method: 'POST' })), 404, 'not_found:route');
  });

  it('400 JSON for malformed percent-encoding (checked before routing); pages get a plain 400', async () => {
    for (const url of ['/api/files/%ZZ/token', '/api/files/%E0%A4%A/thumbnail', '/api/links/%ZZ/token', '/api/links/%/unlock', '/api/editor/links/%ZZ/revoke']) {
      expect(isMalformedPath(url)).toBe(true);
      const plain = await malformedPathResponse(url, 'req-12345678');
      expect(plain.status).toBe(400);
      expect(plain.headers['content-type']).toBe('application/json');
      expect(JSON.parse(plain.body).error.code).toBe('bad_request:path');
    }
    expect((await malformedPathResponse('/s/%ZZ', 'req-12345678')).status).toBe(400);
    expect(isMalformedPath('/api/files/1001/token?rejected=%ZZ')).toBe(false);
    expect(isMalformedPath('/s/AbC%20d')).toBe(false);
  });
});

describe('request bodies over the limit', () => {
  const Schema = z.object({ a: z.string() });

  it('are refused with 413 by their Content-Length, before anything is read', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request('http://localhost/api/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
      body,
      duplex: 'half',
    } as RequestInit);
    const error = await readJson(request, Schema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('are refused with 413 while streaming when no length is declared, never buffered past the limit', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 4096;
        controller.enqueue(new Uint8Array(4096).fill(32));
        if (sent > 50 * 1024 * 1024) controller.close();
      },
    });
    const request = new Request('http://localhost/api/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    const response = await handleApiRequest(request, async () => {
      await readJson(request, Schema);
      return new Response('unreachable');
    });
    await expectJsonError(response, 413, 'payload_too_large:body');
    expect(sent).toBeLessThan(MAX_BODY_BYTES + 64 * 1024);
  });
});

describe('health reports the database', () => {
  const boxUp = async () => ({ reachable: true, latencyMs: 1 });

  it('503 with database.up false when the database does not answer', async () => {
    const database = await openDatabase({});
    const store = createStore(database.db);
    await database.close();
    const response = await healthResponse({ mode: 'sandbox', box: boxUp, database: () => probeDatabase(async () => store) });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'degraded', database: { up: false } });
  });

  it('200 when Box and the database answer', async () => {
    const database = await openDatabase({});
    const store = createStore(database.db);
    const response = await healthResponse({ mode: 'sandbox', box: boxUp, database: () => probeDatabase(async () => store) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: { up: true } });
    await database.close();
  });
});

describe('link creation and its audit row are one transaction', () => {
  it('when the audit row cannot be written, no link is left behind', async () => {
    const database = await openDatabase({});
    const store = createStore(database.db);
    const editor = (await store.editors.create({ email: 'tx@example.test', passwordHash: await hashPassword('tx-password-long') }))!;
    // Make every audit insert fail, as a crash between the two writes would.
    await database.db.execute(sql`alter table audit_events add constraint audit_refuses_all check (false) not valid`);
    const input = CreateLinkSchema.parse({ fileId: '1001', role: 'viewer', label: 'tx' });
    await expect(createShareLink(store, { editorId: editor.id, email: editor.email }, input)).rejects.toThrow();
    expect(await store.links.listWithViews()).toEqual([]);
    // The same call succeeds once audit rows can be written: link and row together.
    await database.db.execute(sql`alter table audit_events drop constraint audit_refuses_all`);
    const link = await createShareLink(store, { editorId: editor.id, email: editor.email }, input);
    expect((await store.links.listWithViews()).map((l) => l.id)).toEqual([link.id]);
    expect((await store.audit.list({ linkId: link.id })).map((e) => e.type)).toEqual(['created']);
    await database.close();
  });
});
