import { expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import sharp from 'sharp';
import { APP_URL, SANDBOX_URL } from './env';

/** The sandbox's demo editor (lib/db/demo-editor.ts), seeded in sandbox mode. */
/** The sandbox's demo editor (README, sandbox section). */
export const DEMO_EDITOR = { email: 'editor@easel.test', password: 'sandbox-demo-password' };

/** Collects console errors and uncaught page errors; tests assert none beyond those they expect. */
export function watchConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} @ ${message.location().url}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/**
 * Opens a preview page and waits for ContentPreview's `load` event. A comment
 * link first asks who is reviewing: the form is answered with `reviewer`.
 */
export async function openPreview(page: Page, path: string, reviewer = 'Sam Reviewer'): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  const nameForm = page.getByRole('heading', { name: 'Who is reviewing?' });
  await expect(nameForm.or(page.getByTestId('preview-stage'))).toBeVisible({ timeout: 60_000 });
  if (await nameForm.isVisible()) await nameReviewer(page, reviewer);
  await expect(page.getByTestId('preview-stage')).toHaveAttribute('data-preview-state', 'loaded', { timeout: 60_000 });
}

/** Answers a comment link's "Who is reviewing?" form. */
export async function nameReviewer(page: Page, name: string, email?: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  if (email !== undefined) await page.getByLabel(/^Email/).fill(email);
  await page.getByRole('button', { name: 'Start reviewing' }).click();
  await expect(page.getByTestId('reviewer-name')).toHaveText(name, { timeout: 60_000 });
}

/** Names a reviewer on a link through the API; the context keeps the reviewer cookie. */
export async function nameReviewerByApi(api: APIRequestContext, slug: string, name: string): Promise<void> {
  const csrf = (await (await api.get('/api/csrf')).json()).csrfToken as string;
  const response = await api.post(`/api/links/${slug}/reviewer`, { headers: { 'x-csrf-token': csrf }, data: { name } });
  expect([200, 201], await response.text()).toContain(response.status());
}

/** The body box-ui-elements sends to create a point annotation (the file is named by its version: 9<fileId> in the sandbox). */
export function pointAnnotation(fileId: string, message: string, at: { x: number; y: number; page?: number } = { x: 40, y: 30 }) {
  return {
    description: { type: 'reply', message },
    file_version: { type: 'file_version', id: `9${fileId}` },
    target: { type: 'point', location: { type: 'page', value: at.page ?? 1 }, x: at.x, y: at.y },
  };
}

/** Deletes the comment whose popover is open, through its confirmation. */
export async function deleteOpenComment(page: Page): Promise<void> {
  await page.getByTestId('bp-popover').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByTestId('bp-popover')).toContainText('Delete this comment?');
  await page.getByRole('button', { name: 'Delete comment' }).click();
}

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return { r: (value >> 16) & 255, g: (value >> 8) & 255, b: value & 255 };
}

export function distance(a: Rgb, b: Rgb): number {
  return Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);
}

export interface PixelSummary {
  /** Mean colour of the most common 16-level colour bucket. */
  dominant: Rgb;
  /** Share of pixels in that bucket. */
  dominantShare: number;
  /** Share of pixels darker than mid-grey (text on a page, shapes in art). */
  darkShare: number;
  distinctBuckets: number;
}

/** Summarises a PNG screenshot's pixels. */
export async function summarisePixels(png: Buffer): Promise<PixelSummary> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const buckets = new Map<number, { count: number; r: number; g: number; b: number }>();
  let dark = 0;
  const pixels = info.width * info.height;
  for (let i = 0; i < data.length; i += 3) {
    const r = data[i]!;
    const g = data[i + 1]!;
    const b = data[i + 2]!;
    if (0.299 * r + 0.587 * g + 0.114 * b < 128) dark += 1;
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    const bucket = buckets.get(key) ?? { count: 0, r: 0, g: 0, b: 0 };
    bucket.count += 1;
    bucket.r += r;
    bucket.g += g;
    bucket.b += b;
    buckets.set(key, bucket);
  }
  const top = [...buckets.values()].sort((a, b) => b.count - a.count)[0]!;
  return {
    dominant: { r: top.r / top.count, g: top.g / top.count, b: top.b / top.count },
    dominantShare: top.count / pixels,
    darkShare: dark / pixels,
    distinctBuckets: buckets.size,
  };
}

/** A request context signed in as the sandbox's demo editor (with its CSRF token). */
export async function signedInEditor(): Promise<{ api: APIRequestContext; csrfToken: string }> {
  const api = await playwrightRequest.newContext({ baseURL: APP_URL });
  const csrf = await api.get('/api/csrf');
  expect(csrf.status()).toBe(200);
  const login = await api.post('/api/editor/login', {
    headers: { 'x-csrf-token': (await csrf.json()).csrfToken },
    data: DEMO_EDITOR,
  });
  expect(login.status(), await login.text()).toBe(200);
  return { api, csrfToken: (await login.json()).csrfToken };
}

export interface ShareLink {
  id: string;
  /** `/s/<slug>` */
  path: string;
}

/** Creates a share link as the demo editor. */
export async function createShareLink(input: {
  fileId: string;
  fileIds?: string[];
  role: 'viewer' | 'annotator';
  allowDownload?: boolean;
  commentVisibility?: 'view_all' | 'view_self';
  label?: string;
}): Promise<ShareLink> {
  const { api, csrfToken } = await signedInEditor();
  try {
    const response = await api.post('/api/editor/links', { headers: { 'x-csrf-token': csrfToken }, data: input });
    expect(response.status(), await response.text()).toBe(201);
    const body = (await response.json()) as { id: string; url: string };
    return { id: body.id, path: new URL(body.url).pathname };
  } finally {
    await api.dispose();
  }
}

/** Revokes a share link as the demo editor. */
export async function revokeShareLink(linkId: string): Promise<void> {
  const { api, csrfToken } = await signedInEditor();
  try {
    const response = await api.post(`/api/editor/links/${linkId}/revoke`, { headers: { 'x-csrf-token': csrfToken } });
    expect(response.status(), await response.text()).toBe(200);
  } finally {
    await api.dispose();
  }
}

export interface SandboxTokenInfo {
  active: boolean;
  scopes: string[];
  restrictedTo: string[];
  expiresAt: string | null;
}

export async function introspect(api: APIRequestContext, token: string): Promise<SandboxTokenInfo> {
  const response = await api.post(`${SANDBOX_URL}/_sandbox/introspect`, { data: { token } });
  expect(response.status()).toBe(200);
  return response.json();
}

export interface TokenUse {
  at: number;
  token: string;
  method: string;
  path: string;
}

/** Every request the page sends to the sandbox (Box), with the token it carries. */
export function recordSandboxRequests(page: Page): TokenUse[] {
  const uses: TokenUse[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== SANDBOX_URL) return;
    const bearer = request.headers()['authorization']?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const token = bearer ?? url.searchParams.get('access_token');
    if (token) uses.push({ at: Date.now(), token, method: request.method(), path: url.pathname });
  });
  return uses;
}

export interface TokenDelivery {
  at: number;
  accessToken: string;
  expiresAt: number;
}

/** Every token the page received from Easel's token routes. */
export function recordTokenRefreshes(page: Page): TokenDelivery[] {
  const deliveries: TokenDelivery[] = [];
  page.on('response', async (response) => {
    const url = new URL(response.url());
    if (url.origin !== APP_URL || !/^\/api\/(files|links)\/[^/]+\/token$/.test(url.pathname) || response.status() !== 200) return;
    const at = Date.now();
    const body = (await response.json()) as { accessToken: string; expiresAt: string };
    deliveries.push({ at, accessToken: body.accessToken, expiresAt: Date.parse(body.expiresAt) });
  });
  return deliveries;
}

/** A message no earlier run left behind (the e2e sandbox may be reused between runs). */
export function uniqueMessage(text: string): string {
  return `${text} (${Date.now().toString(36)})`;
}

/** Drafts a comment through the preview's own controls (not posted), at a spot unlikely to hold an earlier pin. */
export async function draftComment(page: Page, message: string): Promise<void> {
  await page.getByTestId('bp-add-comment').click();
  const layer = page.locator('.bp-layer').first();
  const box = (await layer.boundingBox())!;
  const spot = () => 0.15 + Math.random() * 0.7;
  await layer.click({ position: { x: box.width * spot(), y: box.height * spot() } });
  await page.getByRole('textbox', { name: 'Comment' }).fill(message);
}

/** Places a comment through the preview's own controls and waits for its pin. */
export async function addComment(page: Page, message: string): Promise<void> {
  const pins = page.locator('.bp-pin:not(.bp-pin-draft)');
  const before = await pins.count();
  await draftComment(page, message);
  await page.getByRole('button', { name: 'Post' }).click();
  await expect(pins).toHaveCount(before + 1);
  await expect(pinWith(page, message)).toBeVisible();
}

/** The pin of the comment with this message (pins are labelled "Comment N by NAME: MESSAGE"). */
export function pinWith(page: Page, message: string) {
  return page.locator('.bp-pin').filter({ has: page.locator('span') }).and(page.locator(`[aria-label$=${JSON.stringify(`: ${message}`)}]`));
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png` });
}

/** Signs the demo editor in through the sign-in form and waits for the dashboard. */
export async function signInAsEditor(page: Page): Promise<void> {
  await page.goto('/editor/login');
  await page.getByLabel('Email').fill(DEMO_EDITOR.email);
  await page.getByLabel('Password').fill(DEMO_EDITOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/editor$/);
}
