import { z } from 'zod';
import { getStore } from '@/lib/db/get-store';
import { beginEditorMutation } from '@/lib/editors/editor-request';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { revokeShareLink } from '@/lib/access/revoke-link';
import { log } from '@/lib/log';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

const LinkIdSchema = z.uuid();

/** Turns a link off now: its token route refuses, its minted tokens are revoked at Box. */
export async function POST(request: Request, { params }: { params: Promise<{ linkId: string }> }): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const { editor, headers } = await beginEditorMutation(request);
    const linkId = LinkIdSchema.safeParse((await params).linkId);
    if (!linkId.success) throw new ApiError('not_found:link', 'There is no such link.');
    const outcome = await revokeShareLink(await getStore(), editor, linkId.data);
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
