import { readFileSync } from 'node:fs';
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { APP_URL } from './env';
import { createShareLink, openPreview, signedInEditor, watchConsoleErrors } from './preview-helpers';

/**
 * Issue 11 against the production build behind Easel's own server: security
 * headers and a CSP the preview lives with, sessions that end on the server,
 * client-sent X-Forwarded-For ignored, and API errors always JSON.
 */
function cspDirectives(header: string | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

test.describe('security headers (finding 8)', () => {
  test('pages carry a nonce CSP, framing rules, nosniff, HSTS and a Referrer-Policy; API responses too', async ({ request }) => {
    const home = await request.get('/');
    expect(home.status()).toBe(200);
    const headers = home.headers();
    const csp = cspDirectives(headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(expect.arrayContaining(["'self'", "'strict-dynamic'"]));
    expect(csp.get('script-src')!.some((value) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(value))).toBe(true);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d{8}/);
    // A fresh nonce per response.
    const again = cspDirectives((await request.get('/')).headers()['content-security-policy']);
    expect(again.get('script-src')).not.toEqual(csp.get('script-src'));

    const editor = await request.get('/editor/login');
    expect(cspDirectives(editor.headers()['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);

    const file = await request.get('/files/1001');
    expect(file.headers()['referrer-policy']).toBe('no-referrer');
    const link = await createShareLink({ fileId: '1001', role: 'viewer' });
    const share = await request.get(link.path);
    expect(share.status()).toBe(200);
    expect(share.headers()['referrer-policy']).toBe('no-referrer');
    expect(share.headers()['content-security-policy']).toBeTruthy();

    const api = await request.get('/api/health');
    expect(api.headers()['x-content-type-options']).toBe('nosniff');
    expect(cspDirectives(api.headers()['content-security-policy']).get('default-src')).toEqual(["'none'"]);
    // The sandbox Preview library's current content-addressed path, as the build named it.
    const { version } = JSON.parse(readFileSync('public/platform/preview/version.json', 'utf8')) as { version: string };
    const asset = await request.get(`/platform/preview/${version}/en-US/preview.js`);
    expect(asset.status()).toBe(200);
    expect(asset.headers()['x-content-type-options']).toBe('nosniff');
  });

  test('the preview renders under the CSP with no violation in the console (image and PDF)', async ({ page }) => {
    const errors = watchConsoleErrors(page);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`Refused to ${event.violatedDirective}: ${event.blockedURI}`));
    });
    await openPreview(page, '/files/1001');
    await expect(page.locator('.bp-page')).toBeVisible();
    await openPreview(page, '/files/1009');
    await expect(page.locator('.bp-doc-page[data-page-number="1"] canvas')).toBeVisible();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});

test.describe('sessions end on the server (finding 1)', () => {
  test('a copied session cookie answers 401 after sign-out; cookies are __Host- in production', async () => {
    const { api, csrfToken } = await signedInEditor();
    const state = await api.storageState();
    const names = state.cookies.map((cookie) => cookie.name);
    expect(names).toContain('__Host-easel_session');
    const copy = await playwrightRequest.newContext({ baseURL: APP_URL, storageState: state });
    try {
      const revoke = (context: typeof api) =>
        context.post('/api/editor/links/00000000-0000-4000-8000-000000000000/revoke', { headers: { 'x-csrf-token': csrfToken } });
      expect((await revoke(copy)).status()).toBe(404);
      expect((await api.post('/api/editor/logout', { headers: { 'x-csrf-token': csrfToken }, data: {} })).status()).toBe(200);
      const afterSignOut = await revoke(copy);
      expect(afterSignOut.status()).toBe(401);
      expect((await afterSignOut.json()).error.code).toBe('unauthorized:editor');
      const page = await copy.get('/editor', { maxRedirects: 0 });
      expect(page.status()).toBe(307);
      expect(page.headers()['location']).toContain('/editor/login');
    } finally {
      await copy.dispose();
      await api.dispose();
    }
  });
});

test.describe('client-sent X-Forwarded-For is ignored by default (finding 2)', () => {
  test('50 sign-in tries rotating X-Forwarded-For are limited after 5', async () => {
    const api = await playwrightRequest.newContext({ baseURL: APP_URL });
    try {
      const csrf = (await (await api.get('/api/csrf')).json()).csrfToken as string;
      const email = `victim-${Date.now()}@easel.test`;
      const statuses: number[] = [];
      for (let i = 0; i < 50; i++) {
        const response = await api.post('/api/editor/login', {
          headers: { 'x-csrf-token': csrf, 'x-forwarded-for': `198.51.100.${i + 1}` },
          data: { email, password: `guess-${i}` },
        });
        statuses.push(response.status());
      }
      expect(statuses.filter((status) => status === 401).length).toBe(5);
      expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    } finally {
      await api.dispose();
    }
  });
});

test.describe('API errors are JSON (finding 10)', () => {
  test('malformed percent-encoding in each dynamic route answers 400 JSON; pages 400', async ({ request }) => {
    const cases: { method: 'GET' | 'POST'; path: string }[] = [
      { method: 'GET', path: '/api/files/%ZZ/token' },
      { method: 'GET', path: '/api/files/%ZZ/thumbnail' },
      { method: 'GET', path: '/api/links/%ZZ/token' },
      { method: 'POST', path: '/api/links/%ZZ/unlock' },
      { method: 'POST', path: '/api/editor/links/%ZZ/revoke' },
      { method: 'GET', path: '/api/files/1001%E0%A4%A/token' },
    ];
    for (const { method, path } of cases) {
      const response = method === 'GET' ? await request.get(path) : await request.post(path, { data: {} });
      expect(response.status(), path).toBe(400);
      expect(response.headers()['content-type'], path).toBe('application/json');
      expect((await response.json()).error.code, path).toBe('bad_request:path');
    }
    for (const path of ['/s/%ZZ', '/files/%ZZ']) expect((await request.get(path)).status(), path).toBe(400);
  });

  test('404, 405 and 413 are the JSON error shape', async ({ request }) => {
    const missing = await request.get('/api/no-such-route');
    expect(missing.status()).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found:route');
    const wrongMethod = await request.delete('/api/gallery');
    expect(wrongMethod.status()).toBe(405);
    expect(wrongMethod.headers()['allow']).toContain('GET');
    expect((await wrongMethod.json()).error.code).toBe('method_not_allowed:route');
    const csrf = (await (await request.get('/api/csrf')).json()).csrfToken as string;
    const big = await request.post('/api/editor/login', {
      headers: { 'x-csrf-token': csrf, 'content-type': 'application/json' },
      data: JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(100_000) }),
    });
    expect(big.status()).toBe(413);
    expect((await big.json()).error.code).toBe('payload_too_large:body');
  });
});
