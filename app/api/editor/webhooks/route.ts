import { getStore } from '@/lib/db/get-store';
import { beginEditorMutation } from '@/lib/editors/editor-request';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { readJson } from '@/lib/http/read-json';
import { log } from '@/lib/log';
import { webhookPolicyOf, webhookSecrets } from '@/lib/notify/notify-config';
import { registerWebhook, RegisterWebhookSchema } from '@/lib/notify/webhooks';
import { getEnv } from '@/lib/config/env';

export const dynamic = 'force-dynamic';

/** Registers a webhook for the editor's links; the signing secret is in this answer only. */
export async function POST(request: Request): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const { editor, headers } = await beginEditorMutation(request);
    const input = await readJson(request, RegisterWebhookSchema);
    const env = getEnv();
    const { endpoint, secret } = await registerWebhook(await getStore(), editor.editorId, input.url, { policy: webhookPolicyOf(env), secrets: webhookSecrets(env) });
    log.info({ event: 'webhooks.registered', requestId, endpointId: endpoint.id, host: new URL(endpoint.url).host }, 'webhook registered');
    return jsonResponse({ id: endpoint.id, url: endpoint.url, secret }, { status: 201, headers });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
