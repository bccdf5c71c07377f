import { getCaller } from '@/lib/auth/get-caller';
import { getStore } from '@/lib/db/get-store';
import { loadLinkFeedback } from '@/lib/editors/link-feedback-data';
import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest } from '@/lib/http/json-response';
import { refuseOtherMethods } from '@/lib/http/method-not-allowed';
import { feedbackCsv } from '@/lib/reviews/feedback-csv';

export const dynamic = 'force-dynamic';

/** Every comment and decision of a link as CSV (signed-in editors only). */
export async function GET(request: Request, { params }: { params: Promise<{ linkId: string }> }): Promise<Response> {
  return handleApiRequest(request, async () => {
    if ((await getCaller(request)).kind !== 'editor') throw new ApiError('unauthorized:editor', 'Sign in as an editor first.');
    const { linkId } = await params;
    const view = await loadLinkFeedback(await getStore(), linkId);
    return new Response(feedbackCsv(view.feedback, view.fileNames), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="easel-feedback-${view.link.id.slice(0, 8)}.csv"`,
        'cache-control': 'no-store',
      },
    });
  });
}

/** Other methods: 405 in the JSON error shape. */
export const { POST, PUT, PATCH, DELETE } = refuseOtherMethods('GET');
