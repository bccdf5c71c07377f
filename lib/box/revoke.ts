import 'server-only';
import { timeBoxCall } from '../metrics/registry';
import type { BoxConnection } from './connection';

/**
 * Revokes one token at Box (POST /oauth2/revoke with the app's client
 * credentials). Box answers 200 for unknown or already dead tokens too.
 */
export async function revokeAtBox(connection: BoxConnection, token: string): Promise<void> {
  await timeBoxCall('revoke', () =>
    connection.oauth.revokeAccessToken({
      token,
      ...(connection.appClient ? { clientId: connection.appClient.clientId, clientSecret: connection.appClient.clientSecret } : {}),
    }),
  );
}
