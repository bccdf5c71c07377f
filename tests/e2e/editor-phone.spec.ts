import { expect, request as playwrightRequest, test, type Locator, type Page } from '@playwright/test';
import { APP_URL } from './env';
import { signedInEditor, watchConsoleErrors, DEMO_EDITOR } from './preview-helpers';

/** An iPhone 12-13-14-sized screen. */
const PHONE = { width: 390, height: 844 };

test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'the page is wider than the phone screen').toBeLessThanOrEqual(PHONE.width);
}

/** On screen horizontally once scrolled to: nothing cut off at either edge. */
async function expectReachable(locator: Locator): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  await expect(locator).toBeInViewport({ ratio: 1 });
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
}

test.describe('editor dashboard on a phone', () => {
  test('the dashboard, the share dialog and editing a link fit a 390 px screen with every action in reach', async ({ page }) => {
    test.setTimeout(180_000);
    const errors = watchConsoleErrors(page);
    const label = `Bartholomew at the Northwind Contemporary Gallery ${Date.now()}`;
    const { api, csrfToken } = await signedInEditor();
    const created = await api.post('/api/editor/links', {
      headers: { 'x-csrf-token': csrfToken },
      data: { fileId: '1006', role: 'annotator', allowDownload: true, password: 'correct-horse-battery', expiresAt: new Date(Date.now() + 86_400_000).toISOString(), label },
    });
    expect(created.status()).toBe(201);
    const slug = new URL((await created.json()).url).pathname.split('/').pop()!;
    // Some activity for the log: wrong passwords from one visitor.
    const visitor = await playwrightRequest.newContext({ baseURL: APP_URL });
    const visitorCsrf = (await (await visitor.get('/api/csrf')).json()).csrfToken as string;
    for (let i = 0; i < 3; i++) {
      const attempt = await visitor.post(`/api/links/${slug}/unlock`, { headers: { 'x-csrf-token': visitorCsrf }, data: { password: `guess-${i}` } });
      expect(attempt.status()).toBe(401);
    }
    await visitor.dispose();
    await api.dispose();

    await page.goto('/editor/login');
    await page.getByLabel('Email').fill(DEMO_EDITOR.email);
    await page.getByLabel('Password').fill(DEMO_EDITOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Share links' })).toBeVisible();

    await expectNoSidewaysScroll(page);
    await expectReachable(page.getByRole('button', { name: 'Sign out', exact: true }));
    await expectReachable(page.getByRole('button', { name: 'Sign out everywhere' }));
    const row = page.locator('tr[data-link-id]', { hasText: label });
    for (const name of [/^Edit the link/, /^Duplicate the link/, /^Revoke the link/]) await expectReachable(row.getByRole('button', { name }));
    await expect(page.getByText(/Views\s+counts the people who opened a link/)).toBeVisible();
    // Three wrong passwords from one visitor: one line in the log, and a summary.
    const activity = page.getByRole('region', { name: 'Activity' });
    await expect(activity.getByTestId('password-summary')).toContainText(/\d+ wrong passwords? from \d+ visitors? on \d+ links?/);
    await expect(activity.locator('li[data-visitor-events]', { hasText: label })).toContainText('3 wrong passwords');
    await page.screenshot({ path: 'test-results/screenshots/phone-dashboard.png', fullPage: true });

    // The share dialog fits and creates a link; focus lands on the new link.
    await page.getByRole('button', { name: 'Share Forest Study.jpg' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share “Forest Study.jpg”' });
    await expect(dialog).toBeVisible();
    await expectNoSidewaysScroll(page);
    const dialogBox = (await dialog.boundingBox())!;
    expect(dialogBox.x).toBeGreaterThanOrEqual(0);
    expect(dialogBox.x + dialogBox.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: 'test-results/screenshots/phone-share-dialog.png' });
    await dialog.getByLabel(/^For/).fill('Phone test');
    await expectReachable(dialog.getByRole('button', { name: 'Create link' }));
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Share link' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();

    // Edit the first link at phone size: view only from now on.
    await row.getByRole('button', { name: /^Edit the link/ }).click();
    const edit = page.getByRole('dialog', { name: /^Edit the link/ });
    await expect(edit).toBeVisible();
    await edit.getByLabel('View the artwork', { exact: true }).check();
    await page.screenshot({ path: 'test-results/screenshots/phone-edit-dialog.png' });
    await expectReachable(edit.getByRole('button', { name: 'Save changes' }));
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(edit.getByRole('status')).toContainText('Access was narrowed');
    await expect(edit.getByRole('button', { name: 'Done' })).toBeFocused();
    await edit.getByRole('button', { name: 'Done' }).click();
    await expect(row).toContainText('View only');
    await expectNoSidewaysScroll(page);
    expect(errors).toEqual([]);
  });
});
