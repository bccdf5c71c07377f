import { expect, test } from '@playwright/test';
import { addComment, openPreview, saveScreenshot, signedInEditor, signInAsEditor, uniqueMessage } from './preview-helpers';


test.describe('notifications', () => {
  test('a first view sends mail to the sandbox outbox; the dashboard shows it sent; webhooks refuse bad input', async ({ browser, page }) => {
    test.setTimeout(180_000);
    const { api, csrfToken } = await signedInEditor();
    const label = `Notify ${Date.now()}`;
    const created = await api.post('/api/editor/links', { headers: { 'x-csrf-token': csrfToken }, data: { fileId: '1001', role: 'viewer', label } });
    expect(created.status(), await created.text()).toBe(201);
    const link = (await created.json()) as { id: string; url: string };
    const slug = new URL(link.url).pathname.split('/').pop()!;

    // The editor picks "every event" for this link on the dashboard.
    await signInAsEditor(page);
    const row = page.locator(`[data-notify-link-id="${link.id}"]`);
    await expect(row).toContainText('Sunset Over Dunes.jpg');
    await expect(row.getByLabel(/^Email for/)).toHaveValue('digest');
    await row.getByLabel(/^Email for/).selectOption('every');
    await expect(row.getByRole('status')).toHaveText('Saved');

    // A visitor opens the link.
    const visitor = await browser.newContext();
    const visitorPage = await visitor.newPage();
    await visitorPage.goto(new URL(link.url).pathname);
    await expect(visitorPage.getByText('Sunset Over Dunes.jpg').first()).toBeVisible();
    await visitor.close();

    // The mail lands in the outbox.
    const mail = page.locator('li', { has: page.getByRole('heading', { name: 'A new visitor opened Sunset Over Dunes.jpg' }) });
    await expect(async () => {
      await page.goto('/editor/outbox');
      await expect(mail.first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const frame = page.frameLocator(`iframe[title="Mail: A new visitor opened Sunset Over Dunes.jpg"]`).first();
    await expect(frame.getByRole('link', { name: 'See all feedback' })).toHaveAttribute('href', new RegExp(`/editor/links/${link.id}$`));
    const text = await mail.first().locator('pre').textContent();
    expect(text).toContain(`/editor/links/${link.id}`);
    expect(text).not.toContain(slug);
    await saveScreenshot(page, 'notify-outbox-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshot(page, 'notify-outbox-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // The dashboard shows the delivery as sent.
    await page.goto('/editor');
    await expect(row.locator('[data-state="sent"]').first()).toContainText('New visitor · Email');
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'notify-dashboard');

    // Webhooks: bad input gets a clear 4xx, never a stack trace.
    const post = (data: unknown) => api.post('/api/editor/webhooks', { headers: { 'x-csrf-token': csrfToken }, data });
    for (const [url, message] of [
      ['https://hookuser:s3cr3t-pass@example.com/hook', /must not contain a user name or password/],
      ['ftp://example.com/hook', /must start with https:\/\//],
      ['https://127.0.0.1/hook', /private, loopback or reserved/],
    ] as const) {
      const response = await post({ url });
      expect(response.status(), url).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('bad_request:webhook_url');
      expect(body.error.message).toMatch(message);
      expect(JSON.stringify(body)).not.toContain('s3cr3t-pass');
    }
    const oversize = await post({ url: `https://example.com/${'a'.repeat(20_000)}` });
    expect([400, 413]).toContain(oversize.status());
    expect(((await oversize.json()) as { error: { code: string } }).error.code).toMatch(/^bad_request:|^payload_too_large/);
    const badMode = await api.put(`/api/editor/links/${link.id}/notifications`, { headers: { 'x-csrf-token': csrfToken }, data: { emailMode: 'sometimes' } });
    expect(badMode.status()).toBe(400);
    await api.dispose();

    // The webhook form keeps focus where it is useful, never on <body>: a refused URL back on the field,
    // an added webhook on its secret (shown only once), a removed one back on the field.
    const activeElement = () => page.evaluate(() => {
      const element = document.activeElement;
      return !element || element === document.body ? 'body' : element.id ? `#${element.id}` : `${element.tagName.toLowerCase()}[aria-label=${element.getAttribute('aria-label')}]`;
    });
    await page.goto('/editor');
    const urlField = page.getByLabel('Endpoint URL');
    await urlField.fill('https://127.0.0.1/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'private, loopback or reserved' })).toBeVisible();
    await expect.poll(activeElement).toBe('#webhook-url');
    const hookUrl = `https://1.1.1.1/easel-e2e-${Date.now()}`;
    await urlField.fill(hookUrl);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Webhook added' })).toBeVisible();
    await expect.poll(activeElement).toBe('input[aria-label=Signing secret]');
    const remove = page.getByRole('button', { name: `Remove webhook ${hookUrl}` });
    await remove.click();
    await expect(remove).toHaveCount(0);
    await expect.poll(activeElement).toBe('#webhook-url');
  });

  test('a comment posted in the browser reaches the editor by mail at once (the page nudges the server, which reads Box)', async ({ browser, page }) => {
    test.setTimeout(180_000);
    const { api, csrfToken } = await signedInEditor();
    const created = await api.post('/api/editor/links', { headers: { 'x-csrf-token': csrfToken }, data: { fileId: '1002', role: 'annotator', label: `Nudge ${Date.now()}` } });
    expect(created.status(), await created.text()).toBe(201);
    const link = (await created.json()) as { id: string; url: string };
    const every = await api.put(`/api/editor/links/${link.id}/notifications`, { headers: { 'x-csrf-token': csrfToken }, data: { emailMode: 'every' } });
    expect(every.status(), await every.text()).toBe(200);
    await api.dispose();

    const reviewer = await browser.newContext();
    const reviewerPage = await reviewer.newPage();
    const nudges: number[] = [];
    reviewerPage.on('response', (response) => {
      if (response.url().endsWith(`/comments/confirm`)) nudges.push(response.status());
    });
    await openPreview(reviewerPage, new URL(link.url).pathname, 'Nora Nudge');
    const message = uniqueMessage('Could the horizon sit lower?');
    await addComment(reviewerPage, message);
    await expect.poll(() => nudges, { timeout: 15_000 }).toEqual([200]);
    await reviewer.close();

    // The background scan runs every 5 minutes: a mail within 30 s came from the nudge.
    await signInAsEditor(page);
    const mail = page.locator('li', { has: page.getByRole('heading', { name: /^Nora Nudge commented on / }) }).filter({ hasText: message });
    await expect(async () => {
      await page.goto('/editor/outbox');
      await expect(mail.first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(mail).toHaveCount(1);
    // The first-view mail names the reviewer too (a named reviewer is known when their first token is minted).
    await expect(page.getByRole('heading', { name: /^Nora Nudge opened / })).toHaveCount(1);
  });
});
