import { NextResponse, type NextRequest } from 'next/server';
import { getEnv, modeOf } from '@/lib/config/env';
import { getStore } from '@/lib/db/get-store';
import { linkStateOf } from '@/lib/links/link-state';
import { isWellFormedSlug } from '@/lib/links/slug';

/**
 * Share pages of expired or revoked links answer 410 Gone. A page can't set
 * its own status, so the proxy sets it and the page renders the explanation.
 * With real Box configured, the sandbox's Preview library is not served.
 */
export const config = { matcher: ['/s/:slug', '/platform/preview/:path*'] };

export async function proxy(request: NextRequest): Promise<NextResponse> {
  if (request.nextUrl.pathname.startsWith('/platform/preview/')) {
    return modeOf(getEnv()) === 'sandbox' ? NextResponse.next() : new NextResponse(null, { status: 404 });
  }
  const slug = request.nextUrl.pathname.split('/')[2] ?? '';
  if (!isWellFormedSlug(slug)) return NextResponse.next();
  try {
    const link = await (await getStore()).links.findBySlug(slug);
    if (link && linkStateOf(link) !== 'active') {
      return NextResponse.next({ status: 410, headers: { 'cache-control': 'no-store' } });
    }
  } catch {
    // The page reports database trouble itself.
  }
  return NextResponse.next();
}
