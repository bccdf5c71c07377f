import { z } from 'zod';
import { getStore } from '@/lib/db/get-store';
import { beginEditorMutation } from '@/lib/editors/editor-request';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { readJson } from '@/lib/http/read-json';
import { EmailModeSchema, setLinkEmailMode } from '@/lib/notify/webhooks';

export const dynamic = 'force-dynamic';

/** The editor's email choice for this link: every event, an hourly digest, or nothing. */
export async function PUT(request: Request, { params }: { params: Promise<{ linkId: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const { editor, headers } = await beginEditorMutation(request);
    const linkId = z.uuid().safeParse((await params).linkId);
    if (!linkId.success) throw new ApiError('not_found:link', 'There is no such link.');
    const { emailMode } = await readJson(request, EmailModeSchema);
    await setLinkEmailMode(await getStore(), editor.editorId, linkId.data, emailMode);
    return jsonResponse({ linkId: linkId.data, emailMode }, { headers });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, POST, PATCH, DELETE } = refuseOtherMethods('PUT');
