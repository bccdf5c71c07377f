import { grantFileToken } from '@/lib/access/grants';
import { getCaller } from '@/lib/auth/get-caller';
import { createFileTokenRoute } from '@/lib/routes/token-routes';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const route = createFileTokenRoute({ grants: { grantFileToken }, resolveCaller: getCaller });

/** A short-lived Box token limited to one gallery file, with the caller's role. */
export async function GET(request: Request, context: { params: Promise<{ fileId: string }> }): Promise<Response> {
  return route(request, (await context.params).fileId);
}
