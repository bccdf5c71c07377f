import { z } from 'zod';
import { getStore } from '@/lib/db/get-store';
import { beginEditorMutation } from '@/lib/editors/editor-request';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { readJson } from '@/lib/http/read-json';
import { UpdateLinkSchema } from '@/lib/links/link-input';
import { updateShareLink } from '@/lib/access/update-link';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

const LinkIdSchema = z.uuid();

/** Changes a link's settings (editors only, CSRF-checked); a narrowing change revokes its tokens. */
export async function PATCH(request: Request, { params }: { params: Promise<{ linkId: string }> }): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const { editor, headers } = await beginEditorMutation(request);
    const linkId = LinkIdSchema.safeParse((await params).linkId);
    if (!linkId.success) throw new ApiError('not_found:link', 'There is no such link.');
    const input = await readJson(request, UpdateLinkSchema);
    const outcome = await updateShareLink(await getStore(), editor, linkId.data, input);
    const { link } = outcome;
    log.info({ event: 'links.updated', requestId, linkId: link.id, changed: outcome.changed, narrowed: outcome.narrowed, tokensRevoked: outcome.tokensRevoked }, 'share link updated');
    return jsonResponse(
      {
        id: link.id,
        role: link.role,
        allowDownload: link.allowDownload,
        expiresAt: link.expiresAt?.toISOString() ?? null,
        hasPassword: link.passwordHash !== null,
        label: link.label,
        changed: outcome.changed,
        narrowed: outcome.narrowed,
        tokensRevoked: outcome.tokensRevoked,
        boxConfirmed: outcome.boxConfirmed,
      },
      { headers },
    );
  });
}
