import { expect, request as playwrightRequest, test, type APIRequestContext, type Page } from '@playwright/test';
import { APP_URL, SANDBOX_URL } from './env';
import { addComment, introspect, nameReviewer, recordSandboxRequests, saveScreenshot, signedInEditor, watchConsoleErrors, DEMO_EDITOR } from './preview-helpers';

const LINK_PASSWORD = 'correct-horse-battery';

async function signInThroughTheForm(page: Page): Promise<void> {
  await page.goto('/editor');
  await expect(page).toHaveURL(/\/editor\/login$/);
  await page.getByLabel('Email').fill(DEMO_EDITOR.email);
  await page.getByLabel('Password').fill(DEMO_EDITOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/editor$/);
  await expect(page.getByRole('heading', { name: 'Share links' })).toBeVisible();
}

function linkRow(page: Page, label: string) {
  return page.locator('tr[data-link-id]', { has: page.getByRole('cell', { name: label, exact: true }) });
}

async function createLinkByApi(
  api: APIRequestContext,
  csrfToken: string,
  input: { fileId: string; role: 'viewer' | 'annotator'; password?: string; expiresAt?: string; label?: string },
): Promise<{ id: string; slug: string; path: string }> {
  const response = await api.post('/api/editor/links', { headers: { 'x-csrf-token': csrfToken }, data: input });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { id: string; url: string };
  const path = new URL(body.url).pathname;
  return { id: body.id, slug: path.split('/').pop()!, path };
}

async function visitorCsrf(api: APIRequestContext): Promise<string> {
  const response = await api.get('/api/csrf');
  expect(response.status()).toBe(200);
  return (await response.json()).csrfToken;
}

test.describe('share links', () => {
  test('an editor shares with password and expiry; a visitor unlocks and annotates; the editor sees the view, revokes, and access ends', async ({
    browser,
    page,
    request,
  }) => {
    test.setTimeout(240_000);
    const editorErrors = watchConsoleErrors(page);
    await signInThroughTheForm(page);

    // Create an annotator link with a password and an expiry through the dialog.
    const label = `Ada at Northwind ${Date.now()}`;
    await page.getByRole('button', { name: 'Share Sunset Over Dunes.jpg' }).click();
    const dialog = page.getByRole('dialog', { name: /Share/ });
    await dialog.getByLabel('View and add comments').check();
    await dialog.getByLabel('Expires').selectOption({ label: 'In 1 day' });
    await dialog.getByLabel(/^Password/).fill(LINK_PASSWORD);
    await dialog.getByLabel(/^For/).fill(label);
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const urlField = dialog.getByRole('textbox', { name: 'Share link' });
    await expect(urlField).toHaveValue(new RegExp(`^${APP_URL}/s/[A-Za-z0-9_-]{32}$`));
    const shareUrl = await urlField.inputValue();
    await dialog.getByRole('button', { name: 'Done' }).click();

    const row = linkRow(page, label);
    await expect(row).toHaveAttribute('data-state', 'active');
    await expect(row).toContainText('Can comment');
    await expect(row).toContainText('Password');
    await expect(row.getByTestId('view-count')).toHaveText('0');

    // A visitor in a fresh browser context: password form, a wrong try, then the right one.
    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    const visitorErrors = watchConsoleErrors(visitor);
    const sandboxUses = recordSandboxRequests(visitor);
    const locked = await visitor.goto(shareUrl);
    expect(locked?.status()).toBe(200);
    await expect(visitor.getByRole('heading', { name: 'This artwork is protected' })).toBeVisible();
    expect(await visitor.content()).not.toContain('Sunset Over Dunes');

    await visitor.getByLabel('Password').fill('not-the-password');
    await visitor.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(visitor.getByRole('alert').filter({ hasText: 'That password is not right.' })).toBeVisible();
    await visitor.getByLabel('Password').fill(LINK_PASSWORD);
    await visitor.getByRole('button', { name: 'Open', exact: true }).click();
    // A comment link then asks who is reviewing.
    await expect(visitor.getByRole('heading', { name: 'Who is reviewing?' })).toBeVisible();
    await nameReviewer(visitor, 'Ada Lovelace');
    await expect(visitor.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 60_000 });
    await expect(visitor.getByRole('heading', { name: 'Sunset Over Dunes.jpg', exact: true })).toBeVisible();
    await expect(visitor.getByText('Can comment')).toBeVisible();

    // The visitor annotates; the pin is stored at Box (the sandbox).
    const comment = `Warmer sky, please ${Date.now()}`;
    await addComment(visitor, comment);
    await saveScreenshot(visitor, 'share-link');
    const annotations = await request.get(`${SANDBOX_URL}/2.0/undoc/annotations?file_id=1001`, {
      headers: { authorization: `Bearer ${sandboxUses.at(-1)!.token}` },
    });
    expect(annotations.status()).toBe(200);
    expect(JSON.stringify(await annotations.json())).toContain(comment);

    // The unlock is remembered for this link: a reload opens straight into the preview.
    await visitor.reload();
    await expect(visitor.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 60_000 });

    // The editor sees one view (a reload within the window is the same view) and the audit trail.
    await page.reload();
    await expect(row.getByTestId('view-count')).toHaveText('1');
    await expect(row).toContainText('last');
    const activity = page.getByRole('region', { name: 'Activity' });
    await expect(activity.locator('li[data-event-type="created"]', { hasText: label })).toBeVisible();
    // The visitor's wrong try, unlock and view fold into one line of the log.
    const visitorLine = activity.locator('li[data-visitor-events]', { hasText: label });
    await expect(visitorLine).toHaveCount(1);
    for (const text of ['1 wrong password', 'password accepted', 'viewed once']) await expect(visitorLine).toContainText(text);
    await page.screenshot({ path: 'test-results/screenshots/editor-dashboard.png', fullPage: true });

    // Revoke: the token the visitor's page holds is revoked at Box at once.
    const visitorToken = sandboxUses.at(-1)!.token;
    expect((await introspect(request, visitorToken)).active).toBe(true);
    await row.getByRole('button', { name: /^Revoke the link/ }).click();
    await row.getByRole('button', { name: /^Confirm revoking/ }).click();
    await expect(row).toHaveAttribute('data-state', 'revoked');
    await expect(row).toContainText('Revoked');
    expect((await introspect(request, visitorToken)).active).toBe(false);
    await expect(activity.locator('li[data-event-type="revoked"]', { hasText: label })).toBeVisible();

    // The open page loses access on its next request: Box refuses its token, the
    // link's token route answers 410, and the page says access has ended.
    const boxStatus = await visitor.evaluate(
      async ({ url, token }) => (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status,
      { url: `${SANDBOX_URL}/2.0/files/1001?fields=name`, token: visitorToken },
    );
    expect(boxStatus).toBe(401);
    const slug = new URL(shareUrl).pathname.split('/').pop()!;
    const routeStatus = await visitor.evaluate(async (path) => (await fetch(path)).status, `/api/links/${slug}/token`);
    expect(routeStatus).toBe(410);
    await expect(visitor.getByTestId('token-notice')).toHaveAttribute('data-kind', 'access_ended', { timeout: 60_000 });
    await expect(visitor.getByTestId('token-notice')).toContainText('turned off by the person who shared it');

    // And a reload shows the clear "no longer available" page with status 410.
    const gone = await visitor.reload();
    expect(gone?.status()).toBe(410);
    await expect(visitor.getByTestId('link-gone')).toHaveAttribute('data-reason', 'revoked');

    expect(editorErrors).toEqual([]);
    // The page's own refused requests after revocation log as console errors; nothing else may.
    expect(visitorErrors.filter((error) => !/\b(401|410)\b/.test(error))).toEqual([]);
    await visitorContext.close();
  });

  test('wrong link passwords are rate limited, and a right one cannot skip the limit', async () => {
    const { api, csrfToken } = await signedInEditor();
    const link = await createLinkByApi(api, csrfToken, { fileId: '1002', role: 'viewer', password: LINK_PASSWORD });
    const visitor = await playwrightRequest.newContext({ baseURL: APP_URL });
    try {
      const csrf = await visitorCsrf(visitor);
      const attempt = (password: string) =>
        visitor.post(`/api/links/${link.slug}/unlock`, { headers: { 'x-csrf-token': csrf }, data: { password } });
      for (let i = 0; i < 5; i++) {
        const wrong = await attempt(`guess-${i}`);
        expect(wrong.status()).toBe(401);
        expect((await wrong.json()).error.code).toBe('unauthorized:wrong_password');
      }
      const limited = await attempt('guess-5');
      expect(limited.status()).toBe(429);
      expect(Number(limited.headers()['retry-after'])).toBeGreaterThan(0);
      const rightButLimited = await attempt(LINK_PASSWORD);
      expect(rightButLimited.status()).toBe(429);
      expect((await visitor.get(`/api/links/${link.slug}/token`)).status()).toBe(401);
    } finally {
      await visitor.dispose();
      await api.dispose();
    }
  });

  test('editor sign-in attempts are rate limited, for unknown accounts too', async () => {
    const api = await playwrightRequest.newContext({ baseURL: APP_URL });
    try {
      const csrf = await visitorCsrf(api);
      const email = `nobody-${Date.now()}@easel.test`;
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const response = await api.post('/api/editor/login', { headers: { 'x-csrf-token': csrf }, data: { email, password: `guess-${i}` } });
        statuses.push(response.status());
        if (response.status() === 401) expect((await response.json()).error.message).toBe('Wrong email or password.');
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      await api.dispose();
    }
  });

  test('an expired link answers 410 on its page and its token route; an unknown one 404', async () => {
    const { api, csrfToken } = await signedInEditor();
    try {
      const link = await createLinkByApi(api, csrfToken, { fileId: '1003', role: 'viewer', expiresAt: new Date(Date.now() + 3_000).toISOString() });
      const live = await api.get(`/api/links/${link.slug}/token`);
      expect(live.status()).toBe(200);
      const token = (await live.json()).accessToken as string;
      await expect.poll(async () => (await api.get(`/api/links/${link.slug}/token`)).status(), { timeout: 15_000 }).toBe(410);
      const tokenRoute = await api.get(`/api/links/${link.slug}/token`);
      expect((await tokenRoute.json()).error.code).toBe('gone:link_expired');
      const page = await api.get(link.path);
      expect(page.status()).toBe(410);
      expect(await page.text()).toContain('This link has expired');
      // Tokens minted before the expiry are revoked at Box when it passes.
      await expect.poll(async () => (await introspect(api, token)).active, { timeout: 10_000 }).toBe(false);

      expect((await api.get('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status()).toBe(404);
      expect((await api.get('/s/not-a-slug')).status()).toBe(404);
      expect((await api.get('/api/links/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/token')).status()).toBe(404);
    } finally {
      await api.dispose();
    }
  });

  test('mutations without the CSRF token are refused and change nothing', async () => {
    const { api, csrfToken } = await signedInEditor();
    try {
      const link = await createLinkByApi(api, csrfToken, { fileId: '1004', role: 'viewer', password: LINK_PASSWORD });
      const noToken = await api.post('/api/editor/links', { data: { fileId: '1004', role: 'viewer' } });
      expect(noToken.status()).toBe(403);
      expect((await noToken.json()).error.code).toBe('forbidden:csrf');
      const wrongToken = await api.post('/api/editor/links', { headers: { 'x-csrf-token': `${csrfToken}x` }, data: { fileId: '1004', role: 'viewer' } });
      expect(wrongToken.status()).toBe(403);

      const revoke = await api.post(`/api/editor/links/${link.id}/revoke`, { data: {} });
      expect(revoke.status()).toBe(403);
      const unlock = await api.post(`/api/links/${link.slug}/unlock`, { data: { password: LINK_PASSWORD } });
      expect(unlock.status()).toBe(403);
      const logout = await api.post('/api/editor/logout', { data: {} });
      expect(logout.status()).toBe(403);

      // Still signed in, the link still live (and still locked).
      expect((await api.get('/editor')).url()).toMatch(/\/editor$/);
      expect((await api.get(`/api/links/${link.slug}/token`)).status()).toBe(401);

      // An anonymous client can't mutate either, token or not.
      const anonymous = await playwrightRequest.newContext({ baseURL: APP_URL });
      const anonymousCsrf = await visitorCsrf(anonymous);
      const anonymousCreate = await anonymous.post('/api/editor/links', { headers: { 'x-csrf-token': anonymousCsrf }, data: { fileId: '1004', role: 'viewer' } });
      expect(anonymousCreate.status()).toBe(401);
      await anonymous.dispose();
    } finally {
      await api.dispose();
    }
  });

  test('a label containing markup renders as inert text', async ({ page }) => {
    const { api, csrfToken } = await signedInEditor();
    const label = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> ${Date.now()}`;
    try {
      await createLinkByApi(api, csrfToken, { fileId: '1005', role: 'viewer', label });
    } finally {
      await api.dispose();
    }
    await signInThroughTheForm(page);
    const cell = page.getByRole('cell', { name: label, exact: true });
    await expect(cell).toHaveText(label);
    await expect(cell.locator('script, img')).toHaveCount(0);
    await expect(page.locator('li[data-event-type="created"]', { hasText: label })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('editors get editor tokens from the file token route; visitors get viewer tokens', async ({ request }) => {
    const anonymous = await request.get('/api/files/1001/token');
    expect(anonymous.status()).toBe(200);
    expect((await anonymous.json()).role).toBe('viewer');
    const { api } = await signedInEditor();
    try {
      const editor = await api.get('/api/files/1001/token');
      expect(editor.status()).toBe(200);
      const body = await editor.json();
      expect(body.role).toBe('editor');
      expect(body.scopes).toContain('item_download');
    } finally {
      await api.dispose();
    }
  });
});

test.describe('gallery', () => {
  test('shows the gallery as a grid of thumbnails that open the preview', async ({ page }) => {
    const errors = watchConsoleErrors(page);
    await page.goto('/');
    const grid = page.getByRole('list', { name: 'Artwork' });
    const tile = grid.getByRole('link', { name: 'Forest Study.jpg' });
    await expect(tile).toBeVisible();
    await expect(grid.getByRole('link')).toHaveCount(9);
    await expect(grid.getByRole('link', { name: 'Unreleased Draft.jpg' })).toHaveCount(0);
    const image = tile.locator('img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await tile.click();
    await expect(page).toHaveURL(/\/files\/1003$/);
    await expect(page.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 60_000 });
  });

  test('thumbnails are cached for a year by file version, only for gallery files', async ({ request, page }) => {
    await page.goto('/');
    const src = await page.getByRole('link', { name: 'Golden Field.jpg' }).locator('img').getAttribute('src');
    expect(src).toMatch(/^\/api\/files\/1006\/thumbnail\?v=\d+$/);
    const versioned = await request.get(src!);
    expect(versioned.status()).toBe(200);
    expect(versioned.headers()['content-type']).toBe('image/jpeg');
    expect(versioned.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    const etag = versioned.headers()['etag']!;
    expect((await request.get(src!, { headers: { 'if-none-match': etag } })).status()).toBe(304);

    const unversioned = await request.get('/api/files/1006/thumbnail');
    expect(unversioned.headers()['cache-control']).toBe('public, max-age=0, must-revalidate');
    const stale = await request.get('/api/files/1006/thumbnail?v=0');
    expect(stale.headers()['cache-control']).toBe('public, max-age=0, must-revalidate');

    const privateFile = await request.get('/api/files/2001/thumbnail?v=1');
    expect(privateFile.status()).toBe(404);
    expect(privateFile.headers()['cache-control']).toBe('no-store');
    expect((await request.get('/api/files/abc/thumbnail')).status()).toBe(400);
    expect((await request.get('/api/gallery?cursor=../../x')).status()).toBe(400);
  });
});
