import { expect, test, type Browser, type Page } from '@playwright/test';
import { SANDBOX_URL } from './env';
import {
  addComment,
  createShareLink,
  deleteOpenComment,
  introspect,
  nameReviewer,
  nameReviewerByApi,
  openPreview,
  pinWith,
  pointAnnotation,
  recordSandboxRequests,
  saveScreenshot,
  uniqueMessage,
  watchConsoleErrors,
  signInAsEditor,
} from './preview-helpers';

// Comments go on the catalogue PDF (1009): the specs that open it add none, and no fault targets it.
const PHONE = { width: 390, height: 844 };

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

const pins = (page: Page) => page.locator('.bp-pin:not(.bp-pin-draft)');

interface SandboxStats {
  grants: { jwt: number; ccg: number };
  exchanges: number;
  api: number;
}

async function sandboxStats(page: Page): Promise<SandboxStats> {
  return (await (await page.request.get(`${SANDBOX_URL}/_sandbox/stats`)).json()) as SandboxStats;
}

/** An anonymous gallery visitor's token can't list annotations, and the preview shows none. */
async function expectAnonymousSeesNone(browser: Browser, fileId: string): Promise<void> {
  const anonymous = await freshPage(browser);
  const uses = recordSandboxRequests(anonymous);
  await openPreview(anonymous, `/files/${fileId}`);
  const token = uses.at(-1)!.token;
  expect((await introspect(anonymous.request, token)).scopes).toEqual(['base_preview']);
  const listed = await anonymous.request.get(`${SANDBOX_URL}/2.0/undoc/annotations?file_id=${fileId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(listed.status()).toBe(403);
  expect(uses.filter((use) => use.path === '/2.0/undoc/annotations')).toEqual([]);
  await expect(pins(anonymous)).toHaveCount(0);
  await anonymous.context().close();
}

/** What has focus: enough of `document.activeElement` to tell the elements of a form apart. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'body';
    const testId = element.getAttribute('data-testid');
    if (testId) return `[data-testid=${testId}]`;
    const name = element.getAttribute('name');
    return name ? `${element.tagName.toLowerCase()}[name=${name}]` : `${element.tagName.toLowerCase()}:${element.textContent?.trim()}`;
  });
}

/** Console errors a deliberately refused or failed request may leave, and nothing else. */
function expectOnlyRefusedRequests(errors: string[]): void {
  for (const error of errors) expect(error).toMatch(/^Failed to load resource/);
}

async function decide(page: Page, decision: 'Approve' | 'Request changes', note?: string): Promise<void> {
  const panel = page.getByTestId('review-panel');
  if (await panel.getByRole('button', { name: 'Change decision' }).isVisible()) {
    await panel.getByRole('button', { name: 'Change decision' }).click();
    // The form replaces the button: focus goes to its note, never to <body>.
    await expect.poll(() => focused(page)).toBe('textarea[name=note]');
  }
  if (note !== undefined) await panel.getByLabel('Note (optional)').fill(note);
  await panel.getByRole('button', { name: decision, exact: true }).click();
  await expect(panel.getByTestId('current-decision')).toHaveAttribute('data-decision', decision === 'Approve' ? 'approved' : 'changes_requested');
  // Saved: the decision just made has focus (and is read out).
  await expect.poll(() => focused(page)).toBe('[data-testid=current-decision]');
}

test.describe('reviews', () => {
  test('two named reviewers comment and decide; each deletes only their own; the editor’s inbox and CSV have it all; anonymous visitors see none', async ({
    browser,
    page,
  }) => {
    test.setTimeout(240_000);
    const label = `Northwind review ${Date.now()}`;
    const link = await createShareLink({ fileId: '1009', role: 'annotator', label });

    // Ada comments under her name and approves with a note.
    const ada = await freshPage(browser);
    const adaErrors = watchConsoleErrors(ada);
    // A name of spaces only is refused by the server: focus returns to the name field.
    await ada.goto(link.path);
    await ada.getByLabel('Your name').fill('   ');
    await ada.getByRole('button', { name: 'Start reviewing' }).click();
    await expect(ada.getByRole('alert').filter({ hasText: /name/i })).toBeVisible();
    await expect.poll(() => focused(ada)).toBe('input[name=name]');
    expectOnlyRefusedRequests(adaErrors.splice(0));
    // Named: the review page replaces the form and says who is reviewing, with focus on that line.
    await nameReviewer(ada, 'Ada Lovelace');
    await expect.poll(() => focused(ada)).toBe('[data-testid=reviewing-as]');
    await openPreview(ada, link.path, 'Ada Lovelace');
    const adaMessage = uniqueMessage('Lift the shadows on the left');
    await addComment(ada, adaMessage);
    await pinWith(ada, adaMessage).click();
    await expect(ada.getByTestId('bp-popover')).toContainText('Ada Lovelace');
    await saveScreenshot(ada, 'review-comment-name');
    await ada.keyboard.press('Escape');
    await decide(ada, 'Approve', 'Lovely line work');

    // Ben sees Ada's comment but cannot delete it; he comments and asks for changes.
    const ben = await freshPage(browser);
    const benErrors = watchConsoleErrors(ben);
    await openPreview(ben, link.path, 'Ben Okri');
    await expect(pinWith(ben, adaMessage)).toBeVisible();
    await pinWith(ben, adaMessage).click();
    await expect(ben.getByTestId('bp-popover')).toContainText('Ada Lovelace');
    await expect(ben.getByTestId('bp-popover').getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
    await ben.keyboard.press('Escape');
    const benMessage = uniqueMessage('Crop tighter at the top');
    await addComment(ben, benMessage);
    await decide(ben, 'Request changes', 'Needs a tighter crop');
    await ben.setViewportSize(PHONE);
    await saveScreenshot(ben, 'review-comment-phone');

    // Ada can delete her own comment (after confirming), never Ben's.
    await openPreview(ada, link.path);
    await pinWith(ada, benMessage).click();
    await expect(ada.getByTestId('bp-popover').getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
    await ada.keyboard.press('Escape');
    const draft = uniqueMessage('Typo, removing this');
    await addComment(ada, draft);
    await pinWith(ada, draft).click();
    await ada.getByTestId('bp-popover').getByRole('button', { name: 'Delete', exact: true }).click();
    await ada.getByRole('button', { name: 'Keep' }).click();
    await expect(pinWith(ada, draft)).toHaveCount(1);
    await deleteOpenComment(ada);
    await expect(pinWith(ada, draft)).toHaveCount(0);

    // An anonymous gallery visitor sees none of it.
    await expectAnonymousSeesNone(browser, '1009');

    // The editor's inbox lists both reviewers, the comments and the decisions.
    await signInAsEditor(page);
    const row = page.locator('tr[data-link-id]', { has: page.getByRole('cell', { name: label, exact: true }) });
    const summary = row.getByTestId('feedback-summary');
    await expect(summary.getByTestId('feedback-reviewers')).toHaveText('Ada Lovelace, Ben Okri');
    await expect(summary.getByTestId('feedback-comments')).toHaveText('2');
    await expect(summary).toContainText('1 approved');
    await expect(summary).toContainText('1 changes requested');
    await page.screenshot({ path: 'test-results/screenshots/review-inbox.png', fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: 'test-results/screenshots/review-inbox-phone.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });

    // The link's feedback page: every comment and decision, newest first, with names and files.
    await summary.getByRole('link', { name: 'Feedback →' }).click();
    await expect(page.getByRole('heading', { name: `Feedback: ${label}` })).toBeVisible();
    const comments = page.getByTestId('comment');
    await expect(comments).toHaveCount(2);
    await expect(comments.nth(0)).toContainText('Ben Okri');
    await expect(comments.nth(0)).toContainText(benMessage);
    await expect(comments.nth(0)).toContainText('Exhibition Catalogue.pdf');
    await expect(comments.nth(1)).toContainText('Ada Lovelace');
    await expect(comments.nth(1)).toContainText(adaMessage);
    await expect(page.getByTestId('decision')).toHaveCount(2);
    await expect(page.getByTestId('decision').filter({ hasText: 'Ben Okri' })).toContainText('Needs a tighter crop');
    await page.screenshot({ path: 'test-results/screenshots/review-feedback.png', fullPage: true });

    // CSV export has every comment and decision.
    const csv = await page.request.get(`/api/editor/links/${link.id}/feedback`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    for (const expected of [adaMessage, benMessage, 'Ada Lovelace', 'Ben Okri', 'Lovely line work', 'Needs a tighter crop']) expect(text).toContain(expected);
    expect(text).not.toContain(draft);
    expect(text.trim().split('\r\n')).toHaveLength(1 + 2 + 2);

    // "Open in preview" opens the editor's preview at that comment.
    await comments.nth(1).getByRole('link', { name: 'Open in preview' }).click();
    await expect(page.getByTestId('bp-popover')).toContainText(adaMessage, { timeout: 60_000 });

    expect(adaErrors).toEqual([]);
    expect(benErrors).toEqual([]);
  });

  test('a reviewer on a private link sees only their own comments, never those left through another link', async ({ browser, request }) => {
    test.setTimeout(180_000);
    // Link A (reviewers see each other) gets a comment through its reviewer's own token.
    const linkA = await createShareLink({ fileId: '1009', role: 'annotator' });
    const slugA = linkA.path.split('/').pop()!;
    await nameReviewerByApi(request, slugA, 'Dora');
    const tokenA = (await (await request.get(`/api/links/${slugA}/token`)).json()).accessToken as string;
    const fromA = uniqueMessage('Comment through link A');
    const created = await request.post(`${SANDBOX_URL}/2.0/undoc/annotations`, { headers: { authorization: `Bearer ${tokenA}` }, data: pointAnnotation('1009', fromA) });
    expect(created.status()).toBe(201);
    expect((await created.json()).created_by.name).toBe('Dora');

    // Link B is private: its reviewer sees only what they write.
    const linkB = await createShareLink({ fileId: '1009', role: 'annotator', commentVisibility: 'view_self' });
    const eve = await freshPage(browser);
    await openPreview(eve, linkB.path, 'Eve');
    await expect(eve.getByTestId('bp-root')).toHaveAttribute('data-annotations', 'loaded');
    await expect(pinWith(eve, fromA)).toHaveCount(0);
    const own = uniqueMessage('Eve only');
    await addComment(eve, own);
    await openPreview(eve, linkB.path);
    await expect(pinWith(eve, own)).toBeVisible();
    await expect(pins(eve)).toHaveCount(1);

    // Nor does an anonymous gallery visitor see either.
    await expectAnonymousSeesNone(browser, '1009');
  });

  test('a view-only link shows no comments unless its editor chooses everyone\'s, private ones included', async ({ browser, page, request }) => {
    test.setTimeout(180_000);
    // A private comment, left through a link whose reviewers see only their own.
    const privateLink = await createShareLink({ fileId: '1009', role: 'annotator', commentVisibility: 'view_self' });
    const privateSlug = privateLink.path.split('/').pop()!;
    await nameReviewerByApi(request, privateSlug, 'Fay');
    const fayToken = (await (await request.get(`/api/links/${privateSlug}/token`)).json()).accessToken as string;
    const secret = uniqueMessage('Fay, privately');
    const created = await request.post(`${SANDBOX_URL}/2.0/undoc/annotations`, { headers: { authorization: `Bearer ${fayToken}` }, data: pointAnnotation('1009', secret) });
    expect(created.status()).toBe(201);

    // The editor shares the file view-only: comments are hidden unless they choose otherwise, and the dialog says what "everyone's" means.
    await signInAsEditor(page);
    const share = async (comments: 'Hide comments (default)' | "Show everyone's comments", screenshots = false): Promise<string> => {
      await page.getByRole('button', { name: 'Share Exhibition Catalogue.pdf' }).click();
      const dialog = page.getByRole('dialog', { name: /Share/ });
      await expect(dialog.getByLabel('View the artwork', { exact: true })).toBeChecked();
      const choices = dialog.getByRole('group', { name: 'Comments' });
      await expect(choices.getByLabel('Hide comments (default)')).toBeChecked();
      await expect(choices).toContainText('including those reviewers left privately through other links');
      if (screenshots) {
        await page.screenshot({ path: 'test-results/screenshots/link-dialog-view-only.png' });
        await page.setViewportSize(PHONE);
        await page.screenshot({ path: 'test-results/screenshots/link-dialog-view-only-phone.png' });
        await page.setViewportSize({ width: 1280, height: 800 });
      }
      await choices.getByLabel(comments).check();
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const url = await dialog.getByRole('textbox', { name: 'Share link' }).inputValue();
      await dialog.getByRole('button', { name: 'Done' }).click();
      return new URL(url).pathname;
    };

    const hidden = await share('Hide comments (default)', true);
    const visitor = await freshPage(browser);
    const uses = recordSandboxRequests(visitor);
    await openPreview(visitor, hidden);
    expect((await introspect(visitor.request, uses.at(-1)!.token)).scopes).toEqual(['base_preview']);
    expect(uses.filter((use) => use.path === '/2.0/undoc/annotations')).toEqual([]);
    await expect(pins(visitor)).toHaveCount(0);

    const shown = await share("Show everyone's comments");
    await openPreview(visitor, shown);
    expect((await introspect(visitor.request, uses.at(-1)!.token)).scopes).toEqual(['base_preview', 'annotation_view_all']);
    await expect(pinWith(visitor, secret)).toBeVisible();
    await visitor.context().close();
  });

  test('a review set of three files is walked with previous / next and decided file by file', async ({ browser, page }) => {
    test.setTimeout(240_000);
    const label = `Set review ${Date.now()}`;
    const link = await createShareLink({ fileId: '1002', fileIds: ['1002', '1003', '1005'], role: 'annotator', label });
    const statsBefore = await sandboxStats(page);
    const cleo = await freshPage(browser);
    const errors = watchConsoleErrors(cleo);
    await openPreview(cleo, link.path, 'Cleo');
    const nav = cleo.getByRole('navigation', { name: 'Files in this review' });
    await expect(nav.getByRole('listitem')).toHaveCount(3);
    await expect(nav).toContainText('1 / 3');
    await expect(cleo.getByRole('heading', { name: 'Harbour at Dawn.png', exact: true })).toBeVisible();

    const failuresFrom = errors.length;
    // Renaming: Cancel gives focus back to "Change"; a refused name keeps it on the field; a saved one moves it to who is reviewing.
    const panel = cleo.getByTestId('review-panel');
    await panel.getByRole('button', { name: 'Change', exact: true }).click();
    await expect.poll(() => focused(cleo)).toBe('input[name=name]');
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => focused(cleo)).toBe('button:Change');
    await panel.getByRole('button', { name: 'Change', exact: true }).click();
    await panel.getByLabel('Your name').fill('   ');
    await panel.getByRole('button', { name: 'Save name' }).click();
    await expect(panel.getByRole('alert')).toBeVisible();
    await expect.poll(() => focused(cleo)).toBe('input[name=name]');
    await panel.getByLabel('Your name').fill('Cleo Marsh');
    await panel.getByRole('button', { name: 'Save name' }).click();
    await expect(panel.getByTestId('reviewer-name')).toHaveText('Cleo Marsh');
    await expect.poll(() => focused(cleo)).toBe('[data-testid=reviewing-as]');

    // A decision that cannot be sent: the alert is shown and focus returns to the note.
    await cleo.route('**/decisions', (route) => route.abort('connectionfailed'), { times: 1 });
    await panel.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(panel.getByRole('alert')).toContainText('Could not reach Easel');
    await expect.poll(() => focused(cleo)).toBe('textarea[name=note]');
    // The browser logs the refused name and the failed request; nothing else may have gone wrong.
    expectOnlyRefusedRequests(errors.splice(failuresFrom));
    await decide(cleo, 'Approve');
    // "Keep" closes the form again with focus on "Change decision".
    await panel.getByRole('button', { name: 'Change decision' }).click();
    await panel.getByRole('button', { name: /^Keep/ }).click();
    await expect.poll(() => focused(cleo)).toBe('button:Change decision');

    await nav.getByRole('link', { name: /^Next/ }).click();
    await expect(cleo.getByRole('heading', { name: 'Forest Study.jpg', exact: true })).toBeVisible();
    await expect(cleo.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 60_000 });
    await expect(nav).toContainText('2 / 3');
    await decide(cleo, 'Request changes', 'Greens too flat');

    await nav.getByRole('link', { name: /^Next/ }).click();
    await expect(cleo.getByRole('heading', { name: 'Violet Hours.png', exact: true })).toBeVisible();
    await expect(cleo.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 60_000 });
    await decide(cleo, 'Approve');
    await expect(nav.getByRole('link', { name: /^Next/ })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: /approved$/ })).toHaveCount(2);
    await expect(nav.getByRole('link', { name: /changes requested$/ })).toHaveCount(1);
    await saveScreenshot(cleo, 'review-set');

    // Going back shows the decision made there, and it can be changed.
    await nav.getByRole('link', { name: /^Previous/ }).click();
    await expect(cleo.getByRole('heading', { name: 'Forest Study.jpg', exact: true })).toBeVisible();
    await expect(cleo.getByTestId('current-decision')).toHaveAttribute('data-decision', 'changes_requested');
    await expect(cleo.getByTestId('current-decision')).toContainText('Greens too flat');
    await decide(cleo, 'Approve');
    await expect(nav.getByRole('link', { name: /approved$/ })).toHaveCount(3);
    await cleo.setViewportSize(PHONE);
    await expect(cleo.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 60_000 });
    await saveScreenshot(cleo, 'review-set-phone');
    // What one reviewer's session (name, three files viewed, four decisions, a reload at phone size) cost at Box.
    const statsAfter = await sandboxStats(page);
    const cost = {
      grants: statsAfter.grants.jwt + statsAfter.grants.ccg - statsBefore.grants.jwt - statsBefore.grants.ccg,
      exchanges: statsAfter.exchanges - statsBefore.exchanges,
      api: statsAfter.api - statsBefore.api,
    };
    console.log(`[box-cost] one reviewer's review-set session: ${JSON.stringify(cost)}`);
    await test.info().attach('box-calls', { body: JSON.stringify(cost), contentType: 'application/json' });

    // Every file's token was its own, limited to that file.
    await signInAsEditor(page);
    await page.goto(`/editor/links/${link.id}`);
    await expect(page.getByTestId('decision')).toHaveCount(3);
    await expect(page.getByTestId('decision').filter({ hasText: 'Forest Study.jpg' })).toHaveAttribute('data-decision', 'approved');
    expect(errors).toEqual([]);
  });
});
