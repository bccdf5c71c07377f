import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { isPublicAddress } from '../config/webhook-url';
import { guardedLookup, type TargetPolicy } from './webhook-target';

export interface WebhookRequest {
  url: string;
  /** `whsec_…` (Standard Webhooks secret). */
  secret: string;
  /** The webhook-id header: the delivery's idempotency key, the same on every retry. */
  messageId: string;
  body: string;
  timeoutMs: number;
  policy: TargetPolicy;
}

export class WebhookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** Standard Webhooks headers for one message. */
export function signWebhook(secret: string, messageId: string, body: string, at: Date): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': new Webhook(secret).sign(messageId, new Date(timestamp * 1000), body),
  };
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one signed message. Resolves on 2xx; anything else (another status, a
 * redirect, a refused address, a timeout over the whole exchange) rejects with
 * a WebhookError whose message is shown to the editor (never the secret).
 */
export function sendWebhook(request: WebhookRequest, now: Date = new Date()): Promise<number> {
  const url = new URL(request.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !request.policy.allowPrivate && !isPublicAddress(host)) {
    return Promise.reject(new WebhookError('refused: the target is a private, loopback or reserved address'));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.body),
          'user-agent': 'Easel-Webhooks/1',
          ...signWebhook(request.secret, request.messageId, request.body, now),
        },
        lookup: guardedLookup(request.policy),
      },
      (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('close', () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve(status);
          else reject(new WebhookError(`HTTP ${status} from the receiver`));
        });
        res.on('error', () => {});
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new WebhookError(`no answer within ${Math.round(request.timeoutMs / 100) / 10} s`));
    }, request.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error instanceof WebhookError) return reject(error);
      if (error.code === 'EWEBHOOKTARGET') return reject(new WebhookError(`refused: ${error.message}`));
      reject(new WebhookError(`could not connect (${error.code ?? 'network error'})`));
    });
    req.end(request.body);
  });
}
