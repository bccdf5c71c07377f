import { NextResponse, type NextRequest } from 'next/server';
import { getEnv, modeOf, sandboxUrlOf } from '@/lib/config/env';
import { getStore } from '@/lib/db/get-store';
import { BOX_CONTENT_HOSTS, contentSecurityPolicy, frameAncestorsFor, parseFrameAncestors, referrerPolicyFor } from '@/lib/http/security-headers';
import { linkStateOf } from '@/lib/links/link-state';
import { isWellFormedSlug } from '@/lib/links/slug';

/**
 * Every page gets a Content-Security-Policy with a fresh nonce (Next reads it
 * from the request's CSP header and puts it on its own scripts), framing
 * rules and a Referrer-Policy; headers common to every response, API and
 * static files included, come from next.config.js. Share pages of expired or
 * revoked links answer 410 Gone (a page can't set its own status). With real
 * Box configured, the sandbox's Preview library is not served.
 */
export const config = { matcher: ['/((?!api/|_next/static/|_next/image|favicon.ico).*)'] };

function pageHeaders(request: NextRequest): { requestHeaders: Headers; responseHeaders: Headers } {
  const env = getEnv();
  const sandbox = modeOf(env) === 'sandbox';
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const { pathname } = request.nextUrl;
  const frameAncestors = frameAncestorsFor(pathname, parseFrameAncestors(env.EASEL_SHARE_FRAME_ANCESTORS));
  const csp = contentSecurityPolicy({
    nonce,
    dev: env.NODE_ENV === 'development',
    apiHost: new URL(sandbox ? sandboxUrlOf(env) : env.BOX_API_URL).origin,
    staticHost: sandbox ? '' : new URL(env.BOX_STATIC_HOST).origin,
    contentHosts: sandbox ? [] : BOX_CONTENT_HOSTS,
    frameAncestors,
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', csp);
  const responseHeaders = new Headers({ 'content-security-policy': csp, 'referrer-policy': referrerPolicyFor(pathname) });
  if (frameAncestors.length === 0) responseHeaders.set('x-frame-options', 'DENY');
  return { requestHeaders, responseHeaders };
}

function next(headers: { requestHeaders: Headers; responseHeaders: Headers }, status?: number): NextResponse {
  const response = NextResponse.next({ request: { headers: headers.requestHeaders }, ...(status ? { status } : {}) });
  headers.responseHeaders.forEach((value, name) => response.headers.set(name, value));
  if (status === 410) response.headers.set('cache-control', 'no-store');
  return response;
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith('/platform/preview/')) {
    return modeOf(getEnv()) === 'sandbox' ? NextResponse.next() : new NextResponse(null, { status: 404 });
  }
  const headers = pageHeaders(request);
  if (!pathname.startsWith('/s/')) return next(headers);
  const slug = pathname.split('/')[2] ?? '';
  if (!isWellFormedSlug(slug)) return next(headers);
  try {
    const link = await (await getStore()).links.findBySlug(slug);
    if (link && linkStateOf(link) !== 'active') return next(headers, 410);
  } catch {
    // The page reports database trouble itself.
  }
  return next(headers);
}
