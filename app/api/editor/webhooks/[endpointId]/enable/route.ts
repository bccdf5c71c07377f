import { z } from 'zod';
import { getStore } from '@/lib/db/get-store';
import { beginEditorMutation } from '@/lib/editors/editor-request';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { enableWebhook } from '@/lib/notify/webhooks';

export const dynamic = 'force-dynamic';

/** Turns a webhook disabled after repeated failures back on (new events only). */
export async function POST(request: Request, { params }: { params: Promise<{ endpointId: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    const { editor, headers } = await beginEditorMutation(request);
    const id = z.uuid().safeParse((await params).endpointId);
    if (!id.success) throw new ApiError('not_found:webhook', 'There is no such webhook.');
    await enableWebhook(await getStore(), editor.editorId, id.data);
    return jsonResponse({ id: id.data, enabled: true }, { headers });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
