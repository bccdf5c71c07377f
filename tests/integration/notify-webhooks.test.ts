import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLinkGrant } from '@/lib/access/link-grant';
import { createStore, type Store } from '@/lib/db/store';
import { ApiError } from '@/lib/http/api-error';
import { createRateLimiter } from '@/lib/http/rate-limit';
import { newSlug } from '@/lib/links/slug';
import type { Visitor } from '@/lib/links/visitor';
import { commentEvent } from '@/lib/notify/events';
import { registerWebhook } from '@/lib/notify/webhooks';
import { drain, testWorker, webhookSecrets } from '../helpers/notify-harness';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox';
import { openPgliteTestDatabase, type TestDatabase } from '../helpers/test-database';
import { createTokenHarness } from '../helpers/token-harness';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

let database: TestDatabase;
let store: Store;
let receiver: WebhookReceiver | undefined;

const ALLOW = { policy: { allowPrivate: true }, secrets: webhookSecrets() };
const DENY = { policy: { allowPrivate: false }, secrets: webhookSecrets() };

beforeAll(async () => {
  database = await openPgliteTestDatabase();
  store = createStore(database.db);
});
afterAll(async () => {
  await database?.dispose();
});
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function editorWithLink(email: string) {
  const editorId = (await store.editors.create({ email, passwordHash: 'x' }))!.id;
  const link = await store.links.create({ slug: newSlug(), fileId: '1001', role: 'viewer', allowDownload: false, expiresAt: null, passwordHash: null, label: 'Client A', createdBy: editorId });
  await store.notifications.setEmailMode(link.id, editorId, 'off');
  return { editorId, link };
}

const deliveriesOf = async (linkId: string) => (await store.notifications.recentDeliveries([linkId], 20)).get(linkId) ?? [];

describe('webhooks', () => {
  it('POSTs each event signed per Standard Webhooks; the signature verifies with the secret and the body carries no slug', async () => {
    receiver = await startWebhookReceiver();
    const { editorId, link } = await editorWithLink('hooks1@example.test');
    const { secret } = await registerWebhook(store, editorId, receiver.url, ALLOW);
    expect(secret).toMatch(/^whsec_/);
    expect((await store.notifications.endpointsOf(editorId))[0]!.secretSealed).not.toContain(secret.slice(6));

    await store.notifications.emit(commentEvent({ linkId: link.id, fileId: '1001', commentId: `w1-${link.id}`, reviewerName: 'Ana', message: 'Looks <great>' }));
    const worker = testWorker(store, undefined);
    await drain(worker, () => receiver!.received.length >= 1);
    await worker.stop();

    const [hook] = receiver.received;
    const headers = { 'webhook-id': String(hook!.headers['webhook-id']), 'webhook-timestamp': String(hook!.headers['webhook-timestamp']), 'webhook-signature': String(hook!.headers['webhook-signature']) };
    const verified = new Webhook(secret).verify(hook!.body, headers) as { type: string; data: Record<string, unknown> };
    expect(verified.type).toBe('comment.created');
    expect(verified.data).toMatchObject({ reviewerName: 'Ana', message: 'Looks <great>', file: { id: '1001', name: 'Poster 1001.png' }, link: { id: link.id, label: 'Client A', feedbackUrl: `http://easel.test/editor/links/${link.id}` } });
    expect(hook!.body).not.toContain(link.slug);
    // Signed with another secret, it does not verify.
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(hook!.body, headers)).toThrow();
    expect((await deliveriesOf(link.id))[0]).toMatchObject({ channel: 'webhook', status: 'sent', attempts: 1 });
  });

  it('retries a 5xx with the same webhook-id until the receiver accepts', async () => {
    receiver = await startWebhookReceiver();
    receiver.script([503, 502]);
    const { editorId, link } = await editorWithLink('hooks2@example.test');
    await registerWebhook(store, editorId, receiver.url, ALLOW);
    await store.notifications.emit(commentEvent({ linkId: link.id, fileId: '1001', commentId: `w2-${link.id}`, reviewerName: 'Ana', message: 'Again' }));
    const worker = testWorker(store, undefined);
    await worker.runOnce();
    expect((await deliveriesOf(link.id))[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503 from the receiver' });
    await drain(worker, async () => (await deliveriesOf(link.id))[0]!.status === 'sent');
    await worker.stop();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((hook) => hook.headers['webhook-id'])).size).toBe(1);
    expect((await deliveriesOf(link.id))[0]).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('disables an endpoint after repeated failures, with the reason, and stops sending to it', async () => {
    receiver = await startWebhookReceiver();
    receiver.script(Array<number>(50).fill(500));
    const { editorId, link } = await editorWithLink('hooks3@example.test');
    const { endpoint } = await registerWebhook(store, editorId, receiver.url, ALLOW);
    for (const id of ['a', 'b']) await store.notifications.emit(commentEvent({ linkId: link.id, fileId: '1001', commentId: `w3${id}-${link.id}`, reviewerName: 'Ana', message: id }));
    const worker = testWorker(store, undefined, { webhookDisableAfter: 3 });
    await drain(worker, async () => Boolean((await store.notifications.findEndpoint(endpoint.id))!.disabledAt));
    await worker.stop();
    const disabled = (await store.notifications.findEndpoint(endpoint.id))!;
    expect(disabled.disabledReason).toBe('Disabled after 3 failed attempts in a row; last: HTTP 500 from the receiver');
    expect((await deliveriesOf(link.id)).map((delivery) => delivery.status)).toEqual(['failed', 'failed']);
    // New events no longer go to it.
    await store.notifications.emit(commentEvent({ linkId: link.id, fileId: '1001', commentId: `w3c-${link.id}`, reviewerName: 'Ana', message: 'c' }));
    expect(await deliveriesOf(link.id)).toHaveLength(2);
  });

  it('refuses loopback, private and link-local targets unless allowed, at registration and again when sending', async () => {
    const { editorId, link } = await editorWithLink('hooks4@example.test');
    for (const url of ['https://127.0.0.1/hook', 'https://localhost/hook', 'https://[::1]/hook', 'https://10.1.2.3/hook', 'https://192.168.1.10/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::ffff:127.0.0.1]/hook', 'https://0.0.0.0/hook']) {
      const refusal = await registerWebhook(store, editorId, url, DENY).catch((error: unknown) => error);
      expect(refusal, url).toBeInstanceOf(ApiError);
      expect((refusal as ApiError).code, url).toBe('bad_request:webhook_url');
      expect((refusal as ApiError).status).toBe(400);
    }
    // Registered while allowed, then the operator turns it off: the connection itself is refused (DNS answer checked at connect).
    receiver = await startWebhookReceiver();
    const port = new URL(receiver.url).port;
    await registerWebhook(store, editorId, `http://localhost:${port}/hook`, ALLOW);
    await store.notifications.emit(commentEvent({ linkId: link.id, fileId: '1001', commentId: `w4-${link.id}`, reviewerName: 'Ana', message: 'x' }));
    const worker = testWorker(store, undefined, { maxAttempts: 1 }, false);
    await drain(worker, async () => (await deliveriesOf(link.id))[0]?.status === 'failed');
    await worker.stop();
    expect((await deliveriesOf(link.id))[0]!.lastError).toMatch(/^refused: .*private, loopback or reserved/);
    expect(receiver.received).toHaveLength(0);
  });

  it('bad webhook URLs get a clear 400: credentials, other schemes, plain http when private targets are not allowed, too long', async () => {
    const { editorId } = await editorWithLink('hooks5@example.test');
    const cases: Array<[string, RegExp]> = [
      ['https://hookuser:s3cr3t-value@example.com/hook', /must not contain a user name or password/],
      ['ftp://example.com/hook', /must start with https:\/\//],
      ['javascript:alert(1)', /must start with https:\/\//],
      ['http://example.com/hook', /must start with https:\/\//],
      ['not a url', /not a valid URL/],
      [`https://example.com/${'a'.repeat(2100)}`, /at most 2048 characters/],
    ];
    for (const [url, message] of cases) {
      const refusal = await registerWebhook(store, editorId, url, DENY).catch((error: unknown) => error);
      expect(refusal, url).toBeInstanceOf(ApiError);
      expect((refusal as ApiError).status).toBe(400);
      expect((refusal as ApiError).message, url).toMatch(message);
      expect((refusal as ApiError).message).not.toMatch(/s3cr3t-value|hookuser/);
    }
  });
});

describe('a hanging webhook receiver', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('does not slow token requests while the worker waits on it', async () => {
    receiver = await startWebhookReceiver();
    receiver.script(Array<number>(20).fill(0));
    const { editorId, link } = await editorWithLink('hooks6@example.test');
    await registerWebhook(store, editorId, receiver.url, ALLOW);
    const harness = createTokenHarness(sandbox);
    const grant = createLinkGrant({ tokens: harness.tokens, policy: harness.policy, rateLimiter: createRateLimiter({ name: 'token', points: 1000, durationSeconds: 60 }), store: async () => store });
    const visitor = (n: number): Visitor => ({ clientKey: `203.0.113.${n}`, fingerprint: `hang-visitor-${n}`, readCookie: () => undefined });

    // Warm the token path, which also records the first view: an event for the webhook.
    expect((await grant(visitor(1), link.slug)).status).toBe('ok');
    const worker = testWorker(store, undefined, { webhookTimeoutMs: 8_000, pollMs: 10 });
    worker.start();
    try {
      await receiver.waitFor(1);
      const timings: number[] = [];
      for (let n = 2; n < 12; n += 1) {
        const started = performance.now();
        expect((await grant(visitor(n), link.slug)).status).toBe('ok');
        timings.push(performance.now() - started);
      }
      // The hang holds one delivery slot, not the worker: the new visitors' events go out meanwhile (into the hang, too).
      await receiver.waitFor(5);
      const slowest = Math.max(...timings);
      expect(slowest, `token requests took ${timings.map((ms) => ms.toFixed(0)).join(', ')} ms`).toBeLessThan(1_000);
      expect((await deliveriesOf(link.id)).some((delivery) => delivery.status === 'pending')).toBe(true);
    } finally {
      await receiver.close();
      receiver = undefined;
      await worker.stop();
    }
  }, 60_000);
});
