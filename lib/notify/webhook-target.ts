import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
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

export const MAX_WEBHOOK_URL_LENGTH = 2048;

const refuse = (message: string) => new ApiError('bad_request:webhook_url', message);

export function parseWebhookUrl(raw: string, policy: TargetPolicy): URL {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) throw refuse(`The webhook URL can be at most ${MAX_WEBHOOK_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('The webhook URL is not a valid URL.');
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivate && url.protocol === 'http:')) {
    throw refuse(policy.allowPrivate ? 'The webhook URL must start with https:// or http://.' : 'The webhook URL must start with https://.');
  }
  if (url.username || url.password) throw refuse('The webhook URL must not contain a user name or password; the signature authenticates Easel.');
  if (!url.hostname) throw refuse('The webhook URL has no host.');
  url.hash = '';
  return url;
}

/** True for ordinary public unicast addresses (IPv4-mapped IPv6 is judged as the IPv4 it maps). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
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
