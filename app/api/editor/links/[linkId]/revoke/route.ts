import { getStore } from '@/lib/db/get-store';
import { beginEditorMutation } from '@/lib/editors/editor-request';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { revokeShareLink } from '@/lib/access/revoke-link';
import { linkIdParam } from '@/lib/links/link-settings';
import { log } from '@/lib/log';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

/** Turns a link off now: its token route refuses, its minted tokens are revoked at Box. */
export async function POST(request: Request, { params }: { params: Promise<{ linkId: string }> }): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const { editor, headers } = await beginEditorMutation(request);
    const outcome = await revokeShareLink(await getStore(), editor, await linkIdParam(params));
    log.info({ event: 'links.revoked', requestId, linkId: outcome.link.id, tokensRevoked: outcome.tokensRevoked, boxConfirmed: outcome.boxConfirmed }, 'share link revoked');
    return jsonResponse(
      {
        id: outcome.link.id,
        revokedAt: outcome.link.revokedAt?.toISOString() ?? null,
        tokensRevoked: outcome.tokensRevoked,
        tokensFailed: outcome.tokensFailed,
        boxConfirmed: outcome.boxConfirmed,
      },
      { headers },
    );
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
