import { getEnv } from '../config/env';
import { clientAddressOf } from '../http/forwarded-for';

/**
 * Who is asking. Anonymous visitors are keyed by client address for rate
 * limiting; editors are signed in (see the editor session module).
 */
export type Caller =
  | { kind: 'anonymous'; clientKey: string }
  | { kind: 'editor'; clientKey: string; editorId: string; email: string };

/**
 * The client address rate limits count against. Easel's server
 * (scripts/serve.ts) rewrites X-Forwarded-For to the trusted proxies' entries
 * plus the connecting peer (lib/http/forwarded-for.ts); with
 * TRUSTED_PROXY_HOPS=0 (the default) that is the peer itself.
 */
export function clientKeyOf(request: Pick<Request, 'headers'>, trustedHops = trustedProxyHops()): string {
  return clientAddressOf(request.headers.get('x-forwarded-for'), trustedHops);
}

function trustedProxyHops(): number {
  return getEnv().TRUSTED_PROXY_HOPS;
}
