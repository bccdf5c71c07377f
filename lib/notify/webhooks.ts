import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MAX_WEBHOOK_URL_LENGTH } from '../config/webhook-url';
import type { Sealer } from '../crypto/seal';
import type { EmailMode, Store, WebhookEndpointRecord } from '../db/store';
import { EMAIL_MODES } from '../db/schema';
import { ApiError } from '../http/api-error';
import { assertReachableTarget, parseWebhookUrl, type TargetPolicy } from './webhook-target';

/** Endpoints one editor may register. */
export const MAX_WEBHOOKS_PER_EDITOR = 10;

export const RegisterWebhookSchema = z.object({ url: z.string().trim().min(1).max(MAX_WEBHOOK_URL_LENGTH + 1) }).strict();
export const EmailModeSchema = z.object({ emailMode: z.enum(EMAIL_MODES) }).strict();

export interface RegisteredWebhook {
  endpoint: WebhookEndpointRecord;
  /** `whsec_…`: shown to the editor once, kept only sealed. */
  secret: string;
}

export interface WebhookDeps {
  policy: TargetPolicy;
  secrets: Sealer;
}

/** Registers an endpoint for the editor's links after checking the URL and where it resolves. */
export async function registerWebhook(store: Store, editorId: string, rawUrl: string, deps: WebhookDeps): Promise<RegisteredWebhook> {
  const url = parseWebhookUrl(rawUrl, deps.policy);
  await assertReachableTarget(url, deps.policy);
  const live = (await store.notifications.endpointsOf(editorId)).filter((endpoint) => endpoint.disabledReason !== 'removed by the editor');
  if (live.length >= MAX_WEBHOOKS_PER_EDITOR) throw new ApiError('bad_request:webhook_url', `You can register at most ${MAX_WEBHOOKS_PER_EDITOR} webhooks; remove one first.`);
  const id = randomUUID();
  const secret = `whsec_${randomBytes(32).toString('base64')}`;
  const endpoint = await store.notifications.createEndpoint({ id, editorId, url: url.toString(), secretSealed: deps.secrets.seal(secret, id) });
  return { endpoint, secret };
}

export async function removeWebhook(store: Store, editorId: string, endpointId: string): Promise<void> {
  if (!(await store.notifications.deleteEndpoint(endpointId, editorId))) throw new ApiError('not_found:webhook', 'There is no such webhook.');
}

export async function enableWebhook(store: Store, editorId: string, endpointId: string): Promise<void> {
  if (!(await store.notifications.enableEndpoint(endpointId, editorId))) throw new ApiError('not_found:webhook', 'There is no such webhook.');
}

/** Sets the editor's email choice for one of their own links. */
export async function setLinkEmailMode(store: Store, editorId: string, linkId: string, mode: EmailMode): Promise<void> {
  const link = await store.links.findById(linkId);
  if (!link || link.createdBy !== editorId) throw new ApiError('not_found:link', 'There is no such link.');
  await store.notifications.setEmailMode(linkId, editorId, mode);
}
