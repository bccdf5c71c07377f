import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { findSampleFile } from '../../lib/sandbox/catalog';
import { SANDBOX_URL } from './env';
import {
  addComment,
  createShareLink,
  deleteOpenComment,
  nameReviewerByApi,
  pinWith,
  pointAnnotation,
  revokeShareLink,
  distance,
  hexToRgb,
  introspect,
  openPreview,
  recordSandboxRequests,
  recordTokenRefreshes,
  saveScreenshot,
  signInAsEditor,
  summarisePixels,
  uniqueMessage,
  watchConsoleErrors,
} from './preview-helpers';

const ANNOTATIONS = `${SANDBOX_URL}/2.0/undoc/annotations`;

test.describe('preview page', () => {
  test('the page hands ContentPreview the file: the browser asks Box only for the representation', async ({ page }) => {
    const uses = recordSandboxRequests(page);
    await openPreview(page, '/files/1003');
    const paths = uses.map((use) => use.path);
    expect(paths.filter((path) => path === '/2.0/files/1003')).toEqual([]);
    expect(paths.some((path) => path.startsWith('/2.0/internal_files/1003/') && path.includes('/representations/'))).toBe(true);
    const hints = await page.locator('link[rel="preconnect"]').evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
    expect(hints).toContain(`${SANDBOX_URL}/`);
  });

  test('the sandbox Preview library is served from a content-addressed path, cached as immutable', async ({ page }) => {
    await openPreview(page, '/files/1001');
    const src = await page.evaluate(() => [...document.scripts].map((script) => script.src).find((url) => url.includes('/platform/preview/')));
    expect(src).toMatch(/\/platform\/preview\/v-[0-9a-f]{12}\/en-US\/preview\.js$/);
    const response = await page.request.get(src!);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  test('an image renders in its dominant colour, titled by its name, with HTML never cached', async ({ page }) => {
    const errors = watchConsoleErrors(page);
    const sample = findSampleFile('1001')!;
    const refreshes = recordTokenRefreshes(page);
    const response = await page.goto('/files/1001');
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cache-control']).toContain('no-store');
    await expect(page.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 60_000 });
    await expect(page).toHaveTitle(`${sample.name} · Easel`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(sample.name);
    // The server-rendered token started Preview: no token round trip from the browser.
    expect(refreshes).toEqual([]);

    const artwork = page.locator('.bp-page');
    await expect(artwork).toBeVisible();
    const pixels = await summarisePixels(await artwork.screenshot());
    expect(pixels.distinctBuckets).toBeGreaterThan(3);
    expect(pixels.dominantShare).toBeGreaterThan(0.3);
    expect(distance(pixels.dominant, hexToRgb(sample.dominantColor))).toBeLessThan(30);

    await saveScreenshot(page, 'preview-image');
    expect(errors).toEqual([]);
  });

  test('a PDF renders its first page', async ({ page }) => {
    const errors = watchConsoleErrors(page);
    const sample = findSampleFile('1009')!;
    await openPreview(page, '/files/1009');
    const firstPage = page.locator('.bp-doc-page[data-page-number="1"]');
    await expect(firstPage.locator('canvas')).toBeVisible();
    const pixels = await summarisePixels(await firstPage.screenshot());
    expect(distance(pixels.dominant, hexToRgb(sample.dominantColor))).toBeLessThan(30);
    // Text and shapes, not a blank sheet.
    expect(pixels.darkShare).toBeGreaterThan(0.002);
    expect(pixels.distinctBuckets).toBeGreaterThan(5);
    await saveScreenshot(page, 'preview-pdf');
    expect(errors).toEqual([]);
  });

  test('a viewer sees annotations but has no controls, and the API refuses a forced create', async ({ page, request }) => {
    const errors = watchConsoleErrors(page);
    // An annotator leaves a comment through a share link's token.
    const message = uniqueMessage('Lovely blues');
    const annotatorLink = await createShareLink({ fileId: '1002', role: 'annotator' });
    const slug = annotatorLink.path.split('/').pop()!;
    await nameReviewerByApi(request, slug, 'Ana');
    const annotatorToken = (await (await request.get(`/api/links/${slug}/token`)).json()).accessToken as string;
    const created = await request.post(ANNOTATIONS, { headers: { authorization: `Bearer ${annotatorToken}` }, data: pointAnnotation('1002', message) });
    expect(created.status()).toBe(201);

    // A view-only link whose visitors see everyone's comments (new view-only links hide them unless asked).
    const viewerLink = await createShareLink({ fileId: '1002', role: 'viewer', commentVisibility: 'view_all' });
    const uses = recordSandboxRequests(page);
    await openPreview(page, viewerLink.path);
    await expect(page.getByText('View only')).toBeVisible();
    const pin = pinWith(page, message);
    await expect(pin).toBeVisible();
    await expect(page.getByTestId('bp-add-comment')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Download/ })).toHaveCount(0);
    await pin.click();
    await expect(page.getByTestId('bp-popover')).toContainText(message);
    await expect(page.getByRole('button', { name: 'Delete' })).toHaveCount(0);

    const viewerToken = uses.at(-1)!.token;
    expect((await introspect(request, viewerToken)).scopes).not.toContain('annotation_edit');
    const forced = await request.post(ANNOTATIONS, {
      headers: { authorization: `Bearer ${viewerToken}` },
      data: pointAnnotation('1002', 'sneaky', { x: 5, y: 5 }),
    });
    expect(forced.status()).toBe(403);
    const listed = await request.get(`${ANNOTATIONS}?file_id=1002`, { headers: { authorization: `Bearer ${viewerToken}` } });
    const messages = (await listed.json()).entries.map((entry: { description: { message: string } }) => entry.description.message);
    expect(messages).toContain(message);
    expect(messages).not.toContain('sneaky');
    expect(errors).toEqual([]);
  });

  test('an annotator can add and delete a comment', async ({ page }) => {
    const errors = watchConsoleErrors(page);
    const message = uniqueMessage('The red needs more depth');
    const { path } = await createShareLink({ fileId: '1004', role: 'annotator' });
    await openPreview(page, path);
    await expect(page.getByText('Can comment')).toBeVisible();
    await addComment(page, message);
    await saveScreenshot(page, 'preview-annotator');

    // It was saved at Box: a fresh page shows it, and its author may delete it.
    await openPreview(page, path);
    await pinWith(page, message).click();
    await expect(page.getByTestId('bp-popover')).toContainText(message);
    await deleteOpenComment(page);
    await expect(pinWith(page, message)).toHaveCount(0);
    await openPreview(page, path);
    await expect(page.getByTestId('bp-root')).toHaveAttribute('data-annotations', 'loaded');
    await expect(pinWith(page, message)).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('download and print only with item_download: a link that allows downloads gets the original file', async ({ page }) => {
    const errors = watchConsoleErrors(page);
    const { path: plain } = await createShareLink({ fileId: '1002', role: 'viewer' });
    await openPreview(page, plain);
    await expect(page.getByRole('button', { name: /^Download/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Print/ })).toHaveCount(0);

    const { path: downloadable } = await createShareLink({ fileId: '1002', role: 'viewer', allowDownload: true });
    await openPreview(page, downloadable);
    await expect(page.getByRole('button', { name: /^Print/ })).toBeVisible();
    await saveScreenshot(page, 'preview-download');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download/ }).click()]);
    expect(download.suggestedFilename()).toBe(findSampleFile('1002')!.name);
    const saved = await download.path();
    const meta = await sharp(saved).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: findSampleFile('1002')!.width, height: findSampleFile('1002')!.height });
    expect(errors).toEqual([]);
  });

  test("the page's token opens only its own file", async ({ page, request }) => {
    const uses = recordSandboxRequests(page);
    await openPreview(page, '/files/1001');
    // The page hands ContentPreview the file: its first Box request is the representation.
    const token = uses.find((use) => use.path.startsWith('/2.0/internal_files/1001/'))!.token;
    const info = await introspect(request, token);
    expect(info.restrictedTo).toEqual(['1001']);

    const statuses = await page.evaluate(
      async ({ sandbox, token: bearer }) => {
        const get = (id: string) => fetch(`${sandbox}/2.0/files/${id}`, { headers: { authorization: `Bearer ${bearer}` } });
        return { own: (await get('1001')).status, other: (await get('1002')).status, privateFile: (await get('2001')).status };
      },
      { sandbox: SANDBOX_URL, token },
    );
    expect(statuses).toEqual({ own: 200, other: 404, privateFile: 404 });
  });

  test('tokens are renewed before every expiry over 2.5 lifetimes, and an annotation still saves', async ({ page, request }) => {
    test.setTimeout(240_000);
    const errors = watchConsoleErrors(page);
    const { path } = await createShareLink({ fileId: '1006', role: 'annotator' });
    // Named beforehand (the page's own cookie jar), so the first token is minted by the page load timed below.
    await nameReviewerByApi(page.request, path.split('/').pop()!, 'Sam Reviewer');
    const uses = recordSandboxRequests(page);
    const deliveries = recordTokenRefreshes(page);
    const started = Date.now();
    await openPreview(page, path);

    const first = await introspect(request, uses[0]!.token);
    const lifetimeMs = Date.parse(first.expiresAt!) - started;
    expect(lifetimeMs).toBeLessThanOrEqual(31_000); // the e2e sandbox's 30 s downscoped lifetime
    // Keep the page open for 2.5 lifetimes (≥ 75 s), zooming now and then like a person would.
    while (Date.now() - started < 78_000) {
      await page.waitForTimeout(10_000);
      await page.getByTestId('bp-zoom-in').click();
      await page.getByTestId('bp-fit').click();
    }
    await addComment(page, uniqueMessage('Still here after the tokens turned over'));

    // Every request to Box carried a token that was still valid when sent.
    const expiries = new Map<string, number>();
    for (const token of new Set(uses.map((use) => use.token))) {
      const info = await introspect(request, token);
      expect(info.restrictedTo).toEqual(['1006']);
      expiries.set(token, Date.parse(info.expiresAt!));
    }
    for (const use of uses) expect(use.at, `${use.method} ${use.path}`).toBeLessThan(expiries.get(use.token)! - 500);
    expect(uses.some((use) => use.method === 'POST' && use.path === '/2.0/undoc/annotations')).toBe(true);

    // Refreshes: each token was replaced by a later one before it expired, for the whole session.
    const ended = Date.now();
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    const tokens = [...expiries.entries()].sort((a, b) => a[1] - b[1]);
    for (const [token, expiresAt] of tokens) {
      if (expiresAt > ended) continue;
      const replacement = deliveries.find((delivery) => delivery.at < expiresAt && delivery.expiresAt > expiresAt);
      expect(replacement, `no refresh before ${token.slice(0, 4)}… expired`).toBeDefined();
    }
    expect(errors).toEqual([]);
  });

  test('missing, private and malformed ids get the not-found page', async ({ page }) => {
    for (const id of ['2001', '999999', 'abc']) {
      const response = await page.goto(`/files/${id}`);
      expect(response?.status(), id).toBe(404);
      await expect(page.getByTestId('preview-not-found')).toBeVisible();
      await expect(page).toHaveTitle('Not found · Easel');
      await expect(page.getByRole('link', { name: 'Back to the gallery' })).toBeVisible();
    }
  });

  test('a notice appears when the token cannot be renewed, and clears after a retry', async ({ page }) => {
    test.setTimeout(120_000);
    await openPreview(page, '/files/1007');
    let failing = true;
    await page.route('**/api/files/1007/token', (route) => (failing ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable:box","message":"down","requestId":"x"}}' }) : route.fallback()));
    const notice = page.getByTestId('token-notice');
    await expect(notice).toBeVisible({ timeout: 60_000 });
    await expect(notice).toContainText("couldn't be renewed");
    failing = false;
    await notice.getByRole('button', { name: 'Retry now' }).click();
    await expect(notice).toHaveCount(0, { timeout: 15_000 });
  });

  test('when a share link is revoked, the open page says access has ended', async ({ page }) => {
    test.setTimeout(120_000);
    const link = await createShareLink({ fileId: '1005', role: 'annotator' });
    await openPreview(page, link.path);
    await revokeShareLink(link.id);
    // The next scheduled renewal (within one 30 s lifetime) is refused for good.
    const notice = page.getByTestId('token-notice');
    await expect(notice).toHaveAttribute('data-kind', 'access_ended', { timeout: 45_000 });
    // A revoked link says so in plain words, not "expired, try again".
    await expect(notice).toContainText('This link has been turned off by the person who shared it.');
    await expect(notice.getByRole('button', { name: 'Reload' })).toBeVisible();
  });

  test('Box unavailable shows a page with a working retry', async ({ page, request }) => {
    test.setTimeout(180_000);
    // As the editor, whose token for this file no other test asks for: with no usable cached token the
    // server may not answer from a kept copy of the metadata (other tests open this file anonymously).
    await signInAsEditor(page);
    // Box answers 503 for this file's metadata, long enough that no fresh copy of it is left (30 s).
    await request.post(`${SANDBOX_URL}/_sandbox/faults`, { data: { respond: { status: 503, count: 10_000, path: '/2.0/files/1008' } } });
    try {
      await page.waitForTimeout(31_000);
      await page.goto('/files/1008');
      await expect(page.getByTestId('preview-unavailable')).toBeVisible({ timeout: 60_000 });
      await expect(page).toHaveTitle(/Box is unavailable/);
    } finally {
      // Replace the fault with one that matches nothing.
      await request.post(`${SANDBOX_URL}/_sandbox/faults`, { data: { respond: { status: 503, count: 1, path: '/_nothing' } } });
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 60_000 });
  });

  test('works at phone width with keyboard-reachable controls', async ({ page }) => {
    const errors = watchConsoleErrors(page);
    await page.setViewportSize({ width: 375, height: 740 });
    await openPreview(page, '/files/1003');
    const toolbar = page.getByRole('toolbar', { name: 'Preview controls' });
    const box = (await toolbar.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
    const zoomIn = page.getByTestId('bp-zoom-in');
    for (let presses = 0; presses < 30; presses += 1) {
      await page.keyboard.press('Tab');
      if (await zoomIn.evaluate((element) => element === document.activeElement)) break;
    }
    await expect(zoomIn).toBeFocused();
    const label = page.locator('.bp-zoom-label');
    const before = await label.textContent();
    await page.keyboard.press('Enter');
    await expect(label).not.toHaveText(before!);
    await saveScreenshot(page, 'preview-phone');
    expect(errors).toEqual([]);
  });
});
