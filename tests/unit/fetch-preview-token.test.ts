import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientApiError } from '@/lib/client/client-error';
import { fetchPreviewToken } from '@/lib/client/fetch-preview-token';
import { permissionsOf } from '@/lib/client/preview-token';

/** A real HTTP server standing in for Easel's token route, answering per path. */
let server: Server;
let base: string;
const SERVER_SKEW_MS = 10 * 60_000; // the "server" clock runs 10 minutes ahead of ours

beforeAll(async () => {
  server = createServer((request, response) => {
    const serverNow = Date.now() + SERVER_SKEW_MS;
    response.setHeader('date', new Date(serverNow).toUTCString());
    if (request.url === '/ok') {
      response.setHeader('content-type', 'application/json');
      response.end(
        JSON.stringify({ accessToken: 'tok', expiresIn: 30, expiresAt: new Date(serverNow + 30_000).toISOString(), fileId: '1001', role: 'viewer', scopes: ['base_preview'] }),
      );
    } else if (request.url === '/gone') {
      response.statusCode = 410;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ error: { code: 'gone:link', message: 'This link has been revoked.', requestId: 'r' } }));
    } else if (request.url === '/busy') {
      response.statusCode = 503;
      response.setHeader('retry-after', '7');
      response.end('<html>proxy error</html>');
    } else {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ accessToken: '' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetchPreviewToken', () => {
  it('places the expiry on the local clock, whatever the server clock says, erring early', async () => {
    const before = Date.now();
    const token = await fetchPreviewToken(`${base}/ok`);
    const after = Date.now();
    expect(token.accessToken).toBe('tok');
    // 30 s lifetime minus up to ~1 s for the Date header's resolution, never more than 30 s.
    expect(token.lifetimeMs).toBeLessThanOrEqual(30_000);
    expect(token.lifetimeMs).toBeGreaterThan(28_000);
    expect(token.expiresAt).toBeGreaterThan(before + 28_000);
    expect(token.expiresAt).toBeLessThanOrEqual(after + 30_000);
  });

  it('reports permanent errors with the route’s code, so nobody retries them', async () => {
    const error = await fetchPreviewToken(`${base}/gone`).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ClientApiError);
    expect(error).toMatchObject({ status: 410, code: 'gone:link', isPermanent: true });
  });

  it('reports temporary errors with Retry-After, even with a non-JSON body', async () => {
    const error = await fetchPreviewToken(`${base}/busy`).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ status: 503, isPermanent: false, retryAfterSeconds: 7 });
  });

  it('refuses a malformed body and an unreachable server', async () => {
    await expect(fetchPreviewToken(`${base}/malformed`)).rejects.toMatchObject({ code: 'bad_response' });
    await expect(fetchPreviewToken('http://127.0.0.1:9/nothing')).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('permissionsOf', () => {
  it('shows annotation controls only with annotation_edit, download only with item_download', () => {
    expect(permissionsOf(['base_preview', 'annotation_view_all'])).toEqual({ canAnnotate: false, canDownload: false });
    expect(permissionsOf(['base_preview', 'annotation_view_all', 'annotation_edit'])).toEqual({ canAnnotate: true, canDownload: false });
    expect(permissionsOf(['base_preview', 'annotation_edit', 'item_download'])).toEqual({ canAnnotate: true, canDownload: true });
  });
});
