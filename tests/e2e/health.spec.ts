import { expect, test } from '@playwright/test';

test('health reports sandbox mode with Box reachable', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  const body = await response.json();
  expect(body).toMatchObject({ status: 'ok', mode: 'sandbox', box: { reachable: true } });
  expect(typeof body.box.latencyMs).toBe('number');
});
