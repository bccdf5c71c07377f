import pino from 'pino';

/**
 * The one structured logger. Redaction is a safety net: code must still never
 * pass a token, password or secret to it.
 */
export const log = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'easel' },
  redact: {
    paths: [
      'token',
      'accessToken',
      'access_token',
      'password',
      'secret',
      'authorization',
      '*.token',
      '*.accessToken',
      '*.access_token',
      '*.password',
      '*.secret',
      '*.authorization',
      'headers.authorization',
      'headers.cookie',
    ],
    censor: '[redacted]',
  },
});

export type Logger = typeof log;
