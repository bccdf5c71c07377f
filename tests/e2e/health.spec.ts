import { expect, test } from '@playwright/test';
import { HEALTH_DEEP_TOKEN } from './env';

test('health reports sandbox mode with Box reachable', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  const body = await response.json();
  expect(body).toMatchObject({ status: 'ok', mode: 'sandbox', box: { reachable: true } });
  expect(typeof body.box.latencyMs).toBe('number');
});

test('the deep health check runs the box:check steps for an operator with the token, and only then', async ({ request }) => {
  const anonymous = await request.get('/api/health?deep=1');
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBe('unauthorized:deep_health');
  expect((await request.get('/api/health?deep=1', { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status()).toBe(401);

  const response = await request.get('/api/health?deep=1', { headers: { authorization: `Bearer ${HEALTH_DEEP_TOKEN}` } });
  const body = await response.json();
  expect(body.steps.filter((step: { status: string }) => step.status !== 'pass')).toEqual([]);
  expect(response.status()).toBe(200);
  expect(body).toMatchObject({ status: 'ok', ok: true, mode: 'sandbox' });
  expect(body.steps.map((step: { id: string }) => step.id)).toEqual(expect.arrayContaining(['credentials', 'grant', 'downscope', 'cors', 'thumbnails']));
  expect(JSON.stringify(body)).not.toMatch(/access_token|Bearer /);
});
