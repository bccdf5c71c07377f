import pino from 'pino';
import { errorForLog } from './log-error';

/**
 * The one structured logger. Redaction is a safety net: code must still never
 * pass a token, password or secret to it.
 */
export const LOG_OPTIONS: pino.LoggerOptions = {
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'easel' },
  // Every `err` field goes through errorForLog: never SQL parameters or a stack.
  serializers: { err: errorForLog },
  redact: {
    paths: [
      'token',
      'accessToken',
      'access_token',
      'password',
      'passwordHash',
      'password_hash',
      'secret',
      'authorization',
      '*.token',
      '*.accessToken',
      '*.access_token',
      '*.password',
      '*.passwordHash',
      '*.password_hash',
      '*.secret',
      '*.authorization',
      'headers.authorization',
      'headers.cookie',
    ],
    censor: '[redacted]',
  },
};

export const log = pino(LOG_OPTIONS);

export type Logger = typeof log;
