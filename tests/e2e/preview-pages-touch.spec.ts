import { expect, test, type Page } from '@playwright/test';
import { openPreview, saveScreenshot } from './preview-helpers';

async function zoomPercent(page: Page): Promise<number> {
  return Number((await page.locator('.bp-zoom-label').textContent())!.replace('%', ''));
}

/** Two fingers moving apart over the stage, through Chromium's touch input (as a phone sends it). */
async function pinchOut(page: Page, from = 40, to = 140): Promise<void> {
  const box = (await page.getByTestId('bp-stage').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const cdp = await page.context().newCDPSession(page);
  const points = (spread: number) => [
    { x: cx - spread / 2, y: cy, id: 1 },
    { x: cx + spread / 2, y: cy, id: 2 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(from) });
  for (let step = 1; step <= 8; step++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: points(from + ((to - from) * step) / 8) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test.describe('sandbox Preview: documents and phones', () => {
  test('a PDF shows its page count and moves between pages by button, number and key', async ({ page }) => {
    await openPreview(page, '/files/1009');
    const field = page.getByTestId('bp-page-input');
    await expect(page.getByTestId('bp-page-count')).toHaveText('/ 3');
    await expect(field).toHaveValue('1');
    await expect(page.getByTestId('bp-previous-page')).toBeDisabled();

    const stage = page.getByTestId('bp-stage');
    await page.getByTestId('bp-next-page').click();
    await expect(field).toHaveValue('2');
    const pageTwoTop = await page.locator('.bp-doc-page[data-page-number="2"]').evaluate((element) => (element as HTMLElement).offsetTop);
    expect(Math.abs((await stage.evaluate((element) => element.scrollTop)) - pageTwoTop)).toBeLessThan(40);

    await field.fill('3');
    await field.press('Enter');
    await expect(field).toHaveValue('3');
    await expect(page.getByTestId('bp-next-page')).toBeDisabled();
    await expect(page.locator('.bp-doc-page[data-page-number="3"]')).toBeInViewport();

    // The preview takes keys: ArrowLeft goes back a page.
    await page.locator('.easel-content-preview').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(field).toHaveValue('2');

    // Scrolling by hand updates the number too.
    await stage.evaluate((element) => element.scrollTo({ top: 0 }));
    await expect(field).toHaveValue('1');
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

    test('pinching zooms an image about the fingers, and a PDF too', async ({ page }) => {
      await openPreview(page, '/files/1003');
      const fitted = await zoomPercent(page);
      await pinchOut(page);
      await expect.poll(() => zoomPercent(page)).toBeGreaterThan(fitted * 2);
      await saveScreenshot(page, 'phone-image-pinched');

      await openPreview(page, '/files/1009');
      await expect(page.getByTestId('bp-page-count')).toHaveText('/ 3');
      const toolbar = (await page.locator('.bp-toolbar').boundingBox())!;
      expect(toolbar.x).toBeGreaterThanOrEqual(0);
      expect(toolbar.x + toolbar.width).toBeLessThanOrEqual(390);
      const before = await zoomPercent(page);
      await pinchOut(page);
      await expect.poll(() => zoomPercent(page)).toBeGreaterThan(before * 1.5);
      await saveScreenshot(page, 'phone-pdf-pinched');
    });
  });
});
