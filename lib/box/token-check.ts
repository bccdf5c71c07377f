import 'server-only';
import { FetchOptions } from 'box-node-sdk/networking';
import { timeBoxCall } from '../metrics/registry';
import type { BoxConnection } from './connection';
import type { TokenVerdict } from './types';
import { describeBoxFailure, toApiError } from './upstream-error';

/**
 * Asks Box whether a file token still works: one cheap call made with that
 * token (`GET /2.0/files/{id}?fields=id`). 401 means Box refuses it (revoked
 * or expired early); any other answer means Box accepted the token. The call
 * carries no SDK auth on purpose, so the session's "401 → refresh the parent
 * token and retry" rule never fires for it. 429/5xx are retried within the
 * session's budget and then thrown as an ApiError.
 */
export async function checkFileTokenAtBox(connection: BoxConnection, accessToken: string, fileId: string): Promise<TokenVerdict> {
  const session = connection.networkSession;
  try {
    await timeBoxCall(
      'check',
      () =>
        session.networkClient.fetch(
          new FetchOptions({
            url: `${connection.baseUrls.baseUrl}/2.0/files/${encodeURIComponent(fileId)}`,
            method: 'GET',
            params: { fields: 'id' },
            headers: { authorization: `Bearer ${accessToken}` },
            responseFormat: 'json',
            networkSession: session,
          }),
        ),
      { status: (answer) => answer.status },
    );
    return 'alive';
  } catch (error) {
    const failure = describeBoxFailure(error);
    if (failure?.status === 401) return 'dead';
    // Box authenticated the token and refused something else (the file, the fields).
    if (failure?.status !== undefined && failure.status >= 400 && failure.status < 500 && failure.status !== 429) return 'alive';
    throw toApiError(error);
  }
}
