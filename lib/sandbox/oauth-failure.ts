import { oauthError, type OAuthErrorBody } from './box-errors';

/** A refused OAuth request: thrown by grant handlers, answered by the route. */
export class OAuthFailure extends Error {
  readonly body: OAuthErrorBody;

  constructor(
    readonly status: number,
    error: string,
    description: string,
  ) {
    super(description);
    this.name = 'OAuthFailure';
    this.body = oauthError(error, description);
  }
}

export function invalidGrant(description: string): OAuthFailure {
  return new OAuthFailure(400, 'invalid_grant', description);
}

export function invalidRequest(description: string): OAuthFailure {
  return new OAuthFailure(400, 'invalid_request', description);
}

export function invalidClient(): OAuthFailure {
  return new OAuthFailure(400, 'invalid_client', 'The client credentials are invalid');
}

/** Box's answer to a JWT or CCG grant for an app the enterprise admin has not authorized. */
export function unauthorizedClient(): OAuthFailure {
  return new OAuthFailure(400, 'unauthorized_client', 'This app is not authorized by the enterprise admin');
}
