import { ApiError } from '@/lib/http/api-error';
import { handleApiRequest } from '@/lib/http/json-response';

export const dynamic = 'force-dynamic';

/** Any /api/ address no route serves: 404 in the JSON error shape, whatever the method. */
function notFound(request: Request): Promise<Response> {
  return handleApiRequest(request, async () => {
    throw new ApiError('not_found:route', 'There is nothing at this address.');
  });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
