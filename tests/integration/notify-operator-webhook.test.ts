import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '@/lib/db/store';
import { commentEvent } from '@/lib/notify/events';
import { OPERATOR_WEBHOOK_ID, operatorWebhookState, reconcileOperatorWebhook } from '@/lib/notify/operator-webhook';
import { registerWebhook } from '@/lib/notify/webhooks';
import { drain, testWorker, webhookSecrets } from '../helpers/notify-harness';
import { openPgliteTestDatabase, openPostgresTestDatabase, testPostgresTarget, type TestDatabase } from '../helpers/test-database';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

const OPERATOR_SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
const ALLOW = { policy: { allowPrivate: true }, secrets: webhookSecrets() };

function operatorContract(open: () => Promise<TestDatabase>) {
  let database: TestDatabase;
  let store: Store;
  let receiver: WebhookReceiver;
  let sequence = 0;

  beforeAll(async () => {
    database = await open();
    store = createStore(database.db);
  });
  afterAll(async () => {
    await database?.dispose();
  });
  afterEach(async () => {
    await receiver?.close();
  });

  /** As at app start, with the receiver as NOTIFY_WEBHOOK_URL. */
  const applyEnv = (url: string | undefined, secret: string | undefined = OPERATOR_SECRET) =>
    reconcileOperatorWebhook(store, { url, secret: url ? secret : undefined }, { secrets: webhookSecrets, policy: { allowPrivate: true } });

  async function editorWithLink() {
    sequence += 1;
    const editorId = (await store.editors.create({ email: `op${sequence}-${Date.now()}@example.test`, passwordHash: 'x' }))!.id;
    const link = await store.links.create({ slug: `op-${sequence}-${Date.now()}`, fileId: '1001', role: 'viewer', allowDownload: false, expiresAt: null, passwordHash: null, label: `Client ${sequence}`, createdBy: editorId });
    await store.notifications.setEmailMode(link.id, editorId, 'off');
    return { editorId, link };
  }

  const comment = (linkId: string, message: string) => {
    sequence += 1;
    return commentEvent({ linkId, fileId: '1001', commentId: `op-${linkId}-${sequence}`, reviewerName: 'Ana', message });
  };

  const headersOf = (hook: { headers: Record<string, string | string[] | undefined> }) => ({
    'webhook-id': String(hook.headers['webhook-id']),
    'webhook-timestamp': String(hook.headers['webhook-timestamp']),
    'webhook-signature': String(hook.headers['webhook-signature']),
  });

  it('every event of every editor’s link is POSTed to the operator endpoint, signed with NOTIFY_WEBHOOK_SECRET; the secret is kept only sealed', async () => {
    receiver = await startWebhookReceiver();
    await applyEnv(receiver.url);
    const sealed = (await store.notifications.findEndpoint(OPERATOR_WEBHOOK_ID))!;
    expect(sealed).toMatchObject({ editorId: null, url: receiver.url, disabledAt: null });
    expect(sealed.secretSealed).not.toContain(OPERATOR_SECRET.slice(6, 20));

    const first = await editorWithLink();
    const second = await editorWithLink();
    await store.transaction((tx) => tx.notifications.emit(comment(first.link.id, 'From the first link')));
    await store.notifications.emit(comment(second.link.id, 'From the second link'));
    const worker = testWorker(store, undefined);
    await drain(worker, () => receiver.received.length >= 2);
    await worker.stop();

    const bodies = receiver.received.map((hook) => new Webhook(OPERATOR_SECRET).verify(hook.body, headersOf(hook)) as { type: string; data: { message: string; link: { id: string } } });
    expect(bodies.map((body) => body.type)).toEqual(['comment.created', 'comment.created']);
    expect(bodies.map((body) => body.data.link.id).sort()).toEqual([first.link.id, second.link.id].sort());
    expect(bodies.map((body) => body.data.message).sort()).toEqual(['From the first link', 'From the second link']);
    for (const hook of receiver.received) {
      expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(hook.body, headersOf(hook))).toThrow();
      expect(hook.body).not.toContain(first.link.slug);
    }
    // Editors see neither the endpoint nor its deliveries.
    expect(await store.notifications.endpointsOf(first.editorId)).toEqual([]);
    expect((await store.notifications.recentDeliveries([first.link.id], 10)).get(first.link.id)).toBeUndefined();
  });

  it('an editor’s own webhook and the operator’s each get the event, with their own webhook-id and signature', async () => {
    receiver = await startWebhookReceiver();
    await applyEnv(receiver.url);
    const { editorId, link } = await editorWithLink();
    const { secret: editorSecret } = await registerWebhook(store, editorId, `${receiver.url}?editor`, ALLOW);
    await store.notifications.emit(comment(link.id, 'Both hear this'));
    const worker = testWorker(store, undefined);
    await drain(worker, () => receiver.received.length >= 2);
    await worker.stop();
    expect(receiver.received).toHaveLength(2);
    expect(new Set(receiver.received.map((hook) => hook.headers['webhook-id'])).size).toBe(2);
    const [operatorHook, editorHook] = [...receiver.received].sort((a) => (String(a.headers['webhook-id']).endsWith(OPERATOR_WEBHOOK_ID) ? -1 : 1));
    expect(String(operatorHook!.headers['webhook-id'])).toMatch(new RegExp(`\\.${OPERATOR_WEBHOOK_ID}$`));
    expect(new Webhook(OPERATOR_SECRET).verify(operatorHook!.body, headersOf(operatorHook!))).toMatchObject({ type: 'comment.created' });
    expect(new Webhook(editorSecret).verify(editorHook!.body, headersOf(editorHook!))).toMatchObject({ type: 'comment.created' });
    expect(() => new Webhook(editorSecret).verify(operatorHook!.body, headersOf(operatorHook!))).toThrow();
    // The editor's dashboard lists their own webhook delivery only.
    expect((await store.notifications.recentDeliveries([link.id], 10)).get(link.id)).toEqual([expect.objectContaining({ channel: 'webhook', status: 'sent', endpointUrl: `${receiver.url}?editor` })]);
  });

  it('a 5xx is retried with the same webhook-id until the operator’s receiver accepts', async () => {
    receiver = await startWebhookReceiver();
    receiver.script([503, 500]);
    await applyEnv(receiver.url);
    const { link } = await editorWithLink();
    await store.notifications.emit(comment(link.id, 'Retry me'));
    const worker = testWorker(store, undefined);
    await drain(worker, () => receiver.received.length >= 3);
    await worker.stop();
    expect(receiver.received).toHaveLength(3);
    const ids = new Set(receiver.received.map((hook) => hook.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect(String([...ids][0])).toMatch(new RegExp(`^evt\\d+\\.webhook\\.${OPERATOR_WEBHOOK_ID}$`));
    for (const hook of receiver.received) expect(new Webhook(OPERATOR_SECRET).verify(hook.body, headersOf(hook))).toMatchObject({ type: 'comment.created' });
    expect(await operatorWebhookState(store, true)).toBe('enabled');
  });

  it('is disabled after repeated failures (its health state says so), enabled again by a restart, and dropped when the variables go', async () => {
    receiver = await startWebhookReceiver();
    receiver.script(Array<number>(20).fill(500));
    await applyEnv(receiver.url);
    const { link } = await editorWithLink();
    await store.notifications.emit(comment(link.id, 'Fails'));
    const worker = testWorker(store, undefined, { webhookDisableAfter: 3 });
    await drain(worker, async () => (await operatorWebhookState(store, true)) === 'disabled');
    await worker.stop();
    expect((await store.notifications.findEndpoint(OPERATOR_WEBHOOK_ID))!.disabledReason).toBe('Disabled after 3 failed attempts in a row; last: HTTP 500 from the receiver');

    // A restart with the variables set enables it again.
    receiver.script([]);
    await applyEnv(receiver.url);
    expect(await operatorWebhookState(store, true)).toBe('enabled');
    const before = receiver.received.length;
    await store.notifications.emit(comment(link.id, 'Works again'));
    const again = testWorker(store, undefined);
    await drain(again, () => receiver.received.length > before);
    await again.stop();

    // Without the variables, new events no longer go there.
    await applyEnv(undefined);
    expect((await store.notifications.findEndpoint(OPERATOR_WEBHOOK_ID))!.disabledReason).toBe('NOTIFY_WEBHOOK_URL is no longer set');
    expect(await store.notifications.emit(comment(link.id, 'Nobody hears this'))).toBe(true);
    const pending = await store.notifications.countDeliveries();
    expect(pending.pending).toBe(0);
  });
}

describe('operator webhook on embedded PGlite', () => {
  operatorContract(openPgliteTestDatabase);
});

describe('operator webhook on PostgreSQL', () => {
  const target = testPostgresTarget();
  if (target.url) {
    const url = target.url;
    operatorContract(() => openPostgresTestDatabase(url));
  } else if (target.required) {
    it('has a PostgreSQL server to run on', () => {
      throw new Error('TEST_DATABASE_URL is not set: CI must run the operator webhook tests on PostgreSQL too.');
    });
  } else {
    console.warn('PostgreSQL operator webhook tests not run: install Debian postgresql or set TEST_DATABASE_URL. Required in CI.');
  }
});
