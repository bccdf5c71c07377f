import { grantLinkToken } from '@/lib/access/grants';
import { visitorOf } from '@/lib/links/visitor';
import { createLinkTokenRoute } from '@/lib/routes/token-routes';

export const dynamic = 'force-dynamic';

const route = createLinkTokenRoute({ grants: { grantLinkToken }, visitorOf });

/**
 * A token for a share link's file and role. Every call re-checks the link
 * (exists, not revoked, not expired, unlocked) and records the view.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return route(request, (await params).slug);
}
