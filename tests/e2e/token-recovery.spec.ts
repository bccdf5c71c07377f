import { expect, test, type APIRequestContext, type Page, type Response } from '@playwright/test';
import { SANDBOX_URL } from './env';
import { createShareLink, draftComment, introspect, openPreview, pinWith, recordSandboxRequests, uniqueMessage } from './preview-helpers';

/**
 * Box revokes a token Easel still has cached (an admin action, a security
 * event). Each test uses its own share link, so its tokens are its own and
 * revoking them at Box (POST /oauth2/revoke, as an admin would) touches no
 * other test running in parallel.
 */
async function revokeAtBox(request: APIRequestContext, tokens: Iterable<string>): Promise<void> {
  const config = (await (await request.get(`${SANDBOX_URL}/_sandbox/app-config`)).json()) as { boxAppSettings: { clientID: string; clientSecret: string } };
  for (const token of new Set(tokens)) {
    const response = await request.post(`${SANDBOX_URL}/oauth2/revoke`, {
      form: { token, client_id: config.boxAppSettings.clientID, client_secret: config.boxAppSettings.clientSecret },
    });
    expect(response.status()).toBe(200);
    expect((await introspect(request, token)).active).toBe(false);
  }
}

/** Responses of the token route that carried a report of a refused token. */
function recordReports(page: Page): Response[] {
  const reports: Response[] = [];
  page.on('response', (response) => {
    if (/\/api\/links\/[^/]+\/token\?rejected=[A-Za-z0-9_-]{43}$/.test(response.url())) reports.push(response);
  });
  return reports;
}

function tokenUrlOf(sharePath: string): string {
  return `${sharePath.replace(/^\/s\//, '/api/links/')}/token`;
}

test.describe('recovery from a token Box revoked early', () => {
  test('a page that receives the revoked token from the cache recovers by itself within seconds', async ({ page, request }) => {
    test.setTimeout(120_000);
    const link = await createShareLink({ fileId: '1003', role: 'viewer' });
    await openPreview(page, link.path);

    // What the server hands out for this link right now (its cache), revoked at Box.
    const cached = await request.get(tokenUrlOf(link.path));
    expect(cached.status()).toBe(200);
    const dead = ((await cached.json()) as { accessToken: string }).accessToken;
    await revokeAtBox(request, [dead]);

    const uses = recordSandboxRequests(page);
    const reports = recordReports(page);
    const started = Date.now();
    await page.reload();
    await expect(page.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 15_000 });
    expect(Date.now() - started).toBeLessThan(15_000);

    // The page started with the dead token (Box refused it), reported it once, and got a new one.
    expect(uses[0]?.token).toBe(dead);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.status()).toBe(200);
    const fresh = ((await reports[0]!.json()) as { accessToken: string }).accessToken;
    expect(fresh).not.toBe(dead);
    expect(await introspect(request, fresh)).toMatchObject({ active: true, restrictedTo: ['1003'] });
    expect(uses.at(-1)?.token).toBe(fresh);

    // The server now hands the new token to everyone else too.
    expect(((await (await request.get(tokenUrlOf(link.path))).json()) as { accessToken: string }).accessToken).toBe(fresh);
  });

  test('an open page whose token Box revokes keeps working: a refused comment posts on the next try, with no reload', async ({ page, request }) => {
    test.setTimeout(120_000);
    const link = await createShareLink({ fileId: '1007', role: 'annotator' });
    const uses = recordSandboxRequests(page);
    await openPreview(page, link.path);
    await expect(page.getByTestId('bp-root')).toHaveAttribute('data-annotations', 'loaded');
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const reports = recordReports(page);

    await revokeAtBox(request, uses.map((use) => use.token));
    const message = uniqueMessage('Posted after Box revoked the token');
    await draftComment(page, message);
    const post = page.getByTestId('bp-popover').getByRole('button', { name: 'Post', exact: true });
    await post.click();

    // Box refuses the dead token; the page reports it and receives a new one within seconds.
    await expect(page.locator('.bp-popover-error')).toContainText('Your access expired');
    await expect.poll(() => reports.length, { timeout: 10_000 }).toBe(1);
    expect(reports[0]!.status()).toBe(200);
    const fresh = ((await reports[0]!.json()) as { accessToken: string }).accessToken;
    expect(uses.map((use) => use.token)).not.toContain(fresh);
    expect((await introspect(request, fresh)).active).toBe(true);

    await post.click();
    await expect(pinWith(page, message)).toBeVisible();
    expect(uses.at(-1)).toMatchObject({ token: fresh, method: 'POST', path: '/2.0/undoc/annotations' });
    await expect(page.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded');
    await expect(page.getByTestId('token-notice')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });
});
