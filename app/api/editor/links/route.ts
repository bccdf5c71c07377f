import { getStore } from '@/lib/db/get-store';
import { beginEditorMutation } from '@/lib/editors/editor-request';
import { handleApiRequest, jsonResponse } from '@/lib/http/json-response';
import { publicOriginOf } from '@/lib/http/public-origin';
import { readJson } from '@/lib/http/read-json';
import { createShareLink } from '@/lib/access/create-link';
import { CreateLinkSchema } from '@/lib/links/link-input';
import { linkSettingsJson } from '@/lib/links/link-settings';
import { shareUrlOf } from '@/lib/links/share-url';
import { log } from '@/lib/log';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';

export const dynamic = 'force-dynamic';

/** Creates a share link (editors only, CSRF-checked). */
export async function POST(request: Request): Promise<Response> {
  return handleApiRequest(request, async (requestId) => {
    const { editor, headers } = await beginEditorMutation(request);
    const input = await readJson(request, CreateLinkSchema);
    const store = await getStore();
    const link = await createShareLink(store, editor, input);
    log.info({ event: 'links.created', requestId, linkId: link.id, fileId: link.fileId, role: link.role }, 'share link created');
    const origin = publicOriginOf(request.headers, request.url);
    return jsonResponse(
      { ...linkSettingsJson(link), fileIds: await store.links.filesOf(link.id), url: shareUrlOf(origin, link.slug) },
      { status: 201, headers },
    );
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { GET, PUT, PATCH, DELETE } = refuseOtherMethods('POST');
