import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { APP_URL } from './env';
import { introspect, nameReviewerByApi, signedInEditor } from './preview-helpers';

async function createLink(api: APIRequestContext, csrfToken: string, data: Record<string, unknown>): Promise<{ id: string; slug: string }> {
  const response = await api.post('/api/editor/links', { headers: { 'x-csrf-token': csrfToken }, data });
  expect(response.status(), await response.text()).toBe(201);
  const body = await response.json();
  return { id: body.id, slug: new URL(body.url).pathname.split('/').pop()! };
}

test.describe('editing share links', () => {
  test('each change applies on the next token request; narrowing ones end the tokens already handed out', async () => {
    const { api, csrfToken } = await signedInEditor();
    const visitor = await playwrightRequest.newContext({ baseURL: APP_URL });
    try {
      const link = await createLink(api, csrfToken, { fileId: '1007', role: 'annotator', allowDownload: true, label: 'Grace' });
      // A comment link's visitor names themselves before the first token.
      await nameReviewerByApi(visitor, link.slug, 'Grace');
      const tokenOf = async () => {
        const response = await visitor.get(`/api/links/${link.slug}/token`);
        return { status: response.status(), body: await response.json() };
      };
      const patch = (data: unknown, headers: Record<string, string> = { 'x-csrf-token': csrfToken }) => api.patch(`/api/editor/links/${link.id}`, { headers, data });

      const first = await tokenOf();
      expect(first.status).toBe(200);
      expect(first.body.scopes).toEqual(expect.arrayContaining(['annotation_edit', 'item_download']));

      // Without the CSRF token nothing changes.
      expect((await patch({ role: 'viewer' }, {})).status()).toBe(403);
      expect((await introspect(api, first.body.accessToken)).active).toBe(true);
      // Bad input is a clear 400.
      const bad = await patch({ role: 'owner' });
      expect(bad.status()).toBe(400);
      expect((await bad.json()).error.code).toBe('bad_request:invalid');

      // Role down: the open token is revoked at Box, the next one is view-only.
      const narrowed = await patch({ role: 'viewer', allowDownload: false });
      expect(narrowed.status()).toBe(200);
      expect(await narrowed.json()).toMatchObject({ role: 'viewer', allowDownload: false, narrowed: true, tokensRevoked: 1, boxConfirmed: true });
      expect((await introspect(api, first.body.accessToken)).active).toBe(false);
      const second = await tokenOf();
      expect(second.status).toBe(200);
      expect(second.body.scopes).toEqual(['base_preview', 'annotation_view_all']);

      // Label only: nothing narrows, the open token keeps working.
      expect(await (await patch({ label: 'Grace at Hopper & Co' })).json()).toMatchObject({ narrowed: false, label: 'Grace at Hopper & Co' });
      expect((await introspect(api, second.body.accessToken)).active).toBe(true);

      // A password added: the open token ends and the next request needs the password.
      expect(await (await patch({ password: 'new-secret-password' })).json()).toMatchObject({ hasPassword: true, narrowed: true });
      expect((await introspect(api, second.body.accessToken)).active).toBe(false);
      expect((await tokenOf()).status).toBe(401);
      expect((await patch({ password: null })).status()).toBe(200);
      const third = await tokenOf();
      expect(third.status).toBe(200);

      // Expiry shortened into the past: 410 now; extended again: open again.
      expect(await (await patch({ expiresAt: new Date(Date.now() - 60_000).toISOString() })).json()).toMatchObject({ narrowed: true });
      expect((await introspect(api, third.body.accessToken)).active).toBe(false);
      expect((await tokenOf()).status).toBe(410);
      expect((await patch({ expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).status()).toBe(200);
      expect((await tokenOf()).status).toBe(200);

      // Duplicate for another client: a new link with its own slug, audited as a copy.
      const copy = await createLink(api, csrfToken, { fileId: '1007', role: 'viewer', label: 'Linus', duplicateOf: link.id });
      expect(copy.slug).not.toBe(link.slug);
      expect((await visitor.get(`/api/links/${copy.slug}/token`)).status()).toBe(200);

      // A revoked link can't be edited.
      expect((await api.post(`/api/editor/links/${link.id}/revoke`, { headers: { 'x-csrf-token': csrfToken }, data: {} })).status()).toBe(200);
      const afterRevoke = await patch({ role: 'annotator' });
      expect(afterRevoke.status()).toBe(410);
      expect((await tokenOf()).status).toBe(410);

      // Every change is in the activity log, passwords never.
      const dashboard = await (await api.get('/editor')).text();
      expect(dashboard).toContain('password set');
      expect(dashboard).toContain('password removed');
      expect(dashboard).toContain('a copy of another link');
      expect(dashboard).not.toContain('new-secret-password');
    } finally {
      await visitor.dispose();
      await api.dispose();
    }
  });
});
