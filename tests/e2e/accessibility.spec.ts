import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { addComment, draftComment, openPreview, signedInEditor, uniqueMessage, DEMO_EDITOR } from './preview-helpers';


/** axe over the page as it is now; serious and critical violations fail the test, listed by rule and node. */
async function expectNoSeriousViolations(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${name}`).toEqual([]);
}

async function signIn(page: Page): Promise<void> {
  await page.goto('/editor/login');
  await page.getByLabel('Email').fill(DEMO_EDITOR.email);
  await page.getByLabel('Password').fill(DEMO_EDITOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Share links' })).toBeVisible();
}

test.describe('accessibility', () => {
  test('axe finds no serious or critical violation on the main pages', async ({ page }) => {
    test.setTimeout(180_000);
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Gallery' })).toBeVisible();
    await expectNoSeriousViolations(page, 'the gallery');

    await openPreview(page, '/files/1001');
    await expectNoSeriousViolations(page, 'an image preview');
    await openPreview(page, '/files/1009');
    await expect(page.locator('.bp-doc-page').first()).toBeVisible();
    await expectNoSeriousViolations(page, 'a PDF preview');

    const { api, csrfToken } = await signedInEditor();
    const created = await api.post('/api/editor/links', {
      headers: { 'x-csrf-token': csrfToken },
      data: { fileId: '1002', role: 'annotator', password: 'correct-horse-battery', label: 'axe' },
    });
    expect(created.status()).toBe(201);
    const sharePath = new URL((await created.json()).url).pathname;
    await api.dispose();
    await page.goto(sharePath);
    await expect(page.getByRole('heading', { name: 'This artwork is protected' })).toBeVisible();
    await expectNoSeriousViolations(page, 'a locked share link');

    await page.goto('/editor/login');
    await expectNoSeriousViolations(page, 'the editor sign-in');
    await signIn(page);
    await expectNoSeriousViolations(page, 'the editor dashboard');
    await page.getByRole('button', { name: 'Share Teal Abstract.png' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoSeriousViolations(page, 'the share dialog');
  });

  test('comment mode and an open comment pass axe; posting a comment moves focus to its pin', async ({ page }) => {
    const { api, csrfToken } = await signedInEditor();
    const created = await api.post('/api/editor/links', { headers: { 'x-csrf-token': csrfToken }, data: { fileId: '1009', role: 'annotator' } });
    expect(created.status()).toBe(201);
    const sharePath = new URL((await created.json()).url).pathname;
    await api.dispose();

    await openPreview(page, sharePath);
    await draftComment(page, uniqueMessage('axe draft'));
    await expectNoSeriousViolations(page, 'a comment being drafted on a PDF');
    // Cancel: focus goes back to the page being commented on; Escape leaves comment mode
    // with focus on the preview, never on the page body.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('textbox', { name: 'Comment' })).toHaveCount(0);
    await expect(page.getByRole('application', { name: /^Place a comment/ }).first()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('application', { name: /^Place a comment/ })).toHaveCount(0);
    await expect(page.locator('.easel-content-preview')).toBeFocused();

    const message = uniqueMessage('focus');
    await addComment(page, message);
    const pin = page.locator('.bp-pin:not(.bp-pin-draft)').last();
    await expect(pin).toBeFocused();
    expect(await pin.getAttribute('aria-label')).toContain(message);
    await expectNoSeriousViolations(page, 'a PDF with a comment');
  });

  test('focus stays useful: a wrong password, a failed sign-in and the preview stage', async ({ page }) => {
    const { api, csrfToken } = await signedInEditor();
    const created = await api.post('/api/editor/links', {
      headers: { 'x-csrf-token': csrfToken },
      data: { fileId: '1004', role: 'viewer', password: 'correct-horse-battery' },
    });
    expect(created.status()).toBe(201);
    const sharePath = new URL((await created.json()).url).pathname;
    await api.dispose();

    await page.goto(sharePath);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'That password is not right.' })).toBeVisible();
    await expect(page.getByLabel('Password')).toBeFocused();

    await page.goto('/editor/login');
    await page.getByLabel('Email').fill(DEMO_EDITOR.email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Wrong email or password.' })).toBeVisible();
    await expect(page.getByLabel('Password')).toBeFocused();

    // The preview stage takes keyboard focus and shows it.
    await openPreview(page, '/files/1001');
    const stage = page.locator('.easel-content-preview');
    await stage.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect(stage).toBeFocused();
    const outline = await stage.evaluate((element) => getComputedStyle(element).outlineStyle + ' ' + getComputedStyle(element).outlineWidth);
    expect(outline).toBe('solid 3px');
  });
});
