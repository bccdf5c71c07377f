import { randomBytes } from 'node:crypto';

/** Box's two error shapes, built here so every sandbox route answers alike. */
export interface BoxApiErrorBody {
  type: 'error';
  status: number;
  code: string;
  message: string;
  context_info?: Record<string, unknown>;
  help_url: string;
  request_id: string;
}

export interface OAuthErrorBody {
  error: string;
  error_description: string;
}

function boxRequestId(): string {
  return randomBytes(8).toString('hex');
}

/** Where Box's error bodies point (`help_url`). */
export const BOX_ERRORS_HELP_URL = 'https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/';

export function boxApiError(status: number, code: string, message: string, contextInfo?: Record<string, unknown>): BoxApiErrorBody {
  return {
    type: 'error',
    status,
    code,
    message,
    ...(contextInfo ? { context_info: contextInfo } : {}),
    help_url: BOX_ERRORS_HELP_URL,
    request_id: boxRequestId(),
  };
}

export function oauthError(error: string, description: string): OAuthErrorBody {
  return { error, error_description: description };
}
