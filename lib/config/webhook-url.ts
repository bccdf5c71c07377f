import ipaddr from 'ipaddr.js';

/**
 * The pure checks of a webhook URL and an address, shared by the environment
 * parsing (NOTIFY_WEBHOOK_URL) and lib/notify (editors' webhooks). No DNS, no
 * app imports: lib/config depends on nothing of the app.
 */

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; problem: string };

/**
 * No credentials, http(s) only (http only when private targets are allowed), a
 * sane length. The problem is a sentence that never repeats the URL (it may
 * carry a token in its path).
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): WebhookUrlCheck {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, problem: `The webhook URL can be at most ${MAX_WEBHOOK_URL_LENGTH} characters.` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'The webhook URL is not a valid URL.' };
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return { ok: false, problem: allowPrivate ? 'The webhook URL must start with https:// or http://.' : 'The webhook URL must start with https://.' };
  }
  if (url.username || url.password) return { ok: false, problem: 'The webhook URL must not contain a user name or password; the signature authenticates Easel.' };
  if (!url.hostname) return { ok: false, problem: 'The webhook URL has no host.' };
  url.hash = '';
  return { ok: true, url };
}

/** True for ordinary public unicast addresses (IPv4-mapped IPv6 is judged as the IPv4 it maps). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}
