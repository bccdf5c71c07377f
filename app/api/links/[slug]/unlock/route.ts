import { getStore } from '@/lib/db/get-store';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { readJson } from '@/lib/http/read-json';
import { UnlockSchema } from '@/lib/links/link-input';
import { unlockSetCookie } from '@/lib/links/unlock-cookie';
import { unlockLink } from '@/lib/links/unlock-link';
import { beginVisitorMutation } from '@/lib/links/visitor-request';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

/** Checks a link's password (`{ password }`, CSRF header) and remembers the unlock in a sealed cookie. */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const { slug } = await params;
    const visitor = await beginVisitorMutation(request);
    const { password } = await readJson(request, UnlockSchema);
    const result = await unlockLink(await getStore(), slug, password, visitor);
    const headers = new Headers();
    if (result.cookie) headers.append('set-cookie', unlockSetCookie(result.cookie));
    return jsonResponse({ unlocked: true }, { headers });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
