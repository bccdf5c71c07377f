import { z } from 'zod';
import { getStore } from '@/lib/db/get-store';
import { beginEditorMutation } from '@/lib/editors/editor-request';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { removeWebhook } from '@/lib/notify/webhooks';

export const dynamic = 'force-dynamic';

/** Removes a webhook; its pending deliveries are dropped (shown as failed). */
export async function DELETE(request: Request, { params }: { params: Promise<{ endpointId: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const { editor, headers } = await beginEditorMutation(request);
    const id = z.uuid().safeParse((await params).endpointId);
    if (!id.success) throw new ApiError('not_found:webhook', 'There is no such webhook.');
    await removeWebhook(await getStore(), editor.editorId, id.data);
    return jsonResponse({ id: id.data, removed: true }, { headers });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, POST, PUT, PATCH } = refuseOtherMethods('DELETE');
