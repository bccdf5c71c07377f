import { randomBytes } from 'node:crypto';

/** Box's two error shapes, built here so every sandbox route answers alike. */
export interface BoxApiErrorBody {
  type: 'error';
  status: number;
  code: string;
  message: string;
  request_id: string;
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

function boxRequestId(): string {
  return randomBytes(8).toString('hex');
}

export function boxApiError(status: number, code: string, message: string): BoxApiErrorBody {
  return { type: 'error', status, code, message, request_id: boxRequestId() };
}

export function oauthError(error: string, description: string): OAuthErrorBody {
  return { error, error_description: description };
}
