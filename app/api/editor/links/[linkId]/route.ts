import { getStore } from '@/lib/db/get-store';
import { beginEditorMutation } from '@/lib/editors/editor-request';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { readJson } from '@/lib/http/read-json';
import { UpdateLinkSchema } from '@/lib/links/link-input';
import { linkIdParam, linkSettingsJson } from '@/lib/links/link-settings';
import { updateShareLink } from '@/lib/access/update-link';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/** Changes a link's settings (editors only, CSRF-checked); a narrowing change revokes its tokens. */
export async function PATCH(request: Request, { params }: { params: Promise<{ linkId: string }> }): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const { editor, headers } = await beginEditorMutation(request);
    const linkId = await linkIdParam(params);
    const input = await readJson(request, UpdateLinkSchema);
    const outcome = await updateShareLink(await getStore(), editor, linkId, input);
    const { link } = outcome;
    log.info({ event: 'links.updated', requestId, linkId: link.id, changed: outcome.changed, narrowed: outcome.narrowed, tokensRevoked: outcome.tokensRevoked, tokensFailed: outcome.tokensFailed, boxConfirmed: outcome.boxConfirmed }, 'share link updated');
    return jsonResponse(
      {
        ...linkSettingsJson(link),
        changed: outcome.changed,
        narrowed: outcome.narrowed,
        tokensRevoked: outcome.tokensRevoked,
        tokensFailed: outcome.tokensFailed,
        boxConfirmed: outcome.boxConfirmed,
      },
      { headers },
    );
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, POST, PUT, DELETE } = refuseOtherMethods('PATCH');
