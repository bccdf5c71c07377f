import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { checkWebhookUrl, isPublicAddress } from '../config/webhook-url';
import { ApiError } from '../http/api-error';

/**
 * Where a webhook may point. Editors type the URL, so it is checked like any
 * outside input (no credentials, http(s) only, a sane length), and the server
 * refuses to call private, loopback, link-local or otherwise special addresses
 * unless the operator allows it (WEBHOOK_ALLOW_PRIVATE=1): no SSRF into the
 * operator's network. The check runs on the addresses DNS returns, both when
 * the URL is registered and on every connection (a name can change its answer).
 */
export interface TargetPolicy {
  allowPrivate: boolean;
}

const refuse = (message: string) => new ApiError('bad_request:webhook_url', message);

/** The URL checks of lib/config/webhook-url.ts, refused as a 400 (`bad_request:webhook_url`). */
export function parseWebhookUrl(raw: string, policy: TargetPolicy): URL {
  const checked = checkWebhookUrl(raw, policy.allowPrivate);
  if (!checked.ok) throw refuse(checked.problem);
  return checked.url;
}

function assertAllowed(addresses: readonly string[], policy: TargetPolicy): void {
  if (addresses.length === 0) throw refuse('The webhook host does not resolve to any address.');
  if (policy.allowPrivate) return;
  if (addresses.some((address) => !isPublicAddress(address))) {
    throw refuse('The webhook host resolves to a private, loopback or reserved address, which Easel does not call.');
  }
}

/** Resolves the URL's host and checks every address it resolves to. */
export async function assertReachableTarget(url: URL, policy: TargetPolicy): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return assertAllowed([host], policy);
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, result) => (error ? reject(refuse('The webhook host name does not resolve.')) : resolve(result))),
  );
  assertAllowed(addresses.map((entry) => entry.address), policy);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses disallowed addresses at connect
 * time, so the address checked is the address connected to.
 */
export function guardedLookup(policy: TargetPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      try {
        assertAllowed(addresses.map((entry) => entry.address), policy);
      } catch (refusal) {
        return callback(Object.assign(new Error((refusal as Error).message), { code: 'EWEBHOOKTARGET' }), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      return first ? callback(null, first.address, first.family) : callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), []);
    });
  };
}
