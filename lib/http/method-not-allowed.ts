import { ApiError } from './api-error';
import { handleApiRequest } from './json-response';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Handler = (request: Request) => Promise<Response>;

/**
 * Handlers answering 405 in the JSON error shape (with `Allow`) for the
 * methods a route does not serve; Next's own 405 has an empty body. In a
 * route file: `export const { PUT, PATCH, DELETE } = refuseOtherMethods('GET');`
 */
export function refuseOtherMethods(...allowed: Method[]): Record<Method, Handler> {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const refuse: Handler = (request) =>
    handleApiRequest(request, async () => {
      throw new ApiError('method_not_allowed:route', `This address accepts ${allowed.join(' and ')} only.`);
    }).then((response) => {
      response.headers.set('allow', allow);
      return response;
    });
  return { GET: refuse, POST: refuse, PUT: refuse, PATCH: refuse, DELETE: refuse };
}
