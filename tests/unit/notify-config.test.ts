import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/lib/config/env';
import { retryDelayMs } from '@/lib/notify/backoff';
import { isPublicAddress } from '@/lib/config/webhook-url';

const ROOT = path.resolve(__dirname, '../..');

describe('notification settings', () => {
  it('a malformed SMTP_URL is refused naming the variable, never its value', () => {
    for (const value of ['smtp//mailer:hunter2-secret@mail.example.com', 'http://mailer:hunter2-secret@mail.example.com', 'smtp://mailer:hunter2-secret@']) {
      let error: unknown;
      try {
        parseEnv({ SMTP_URL: value, MAIL_FROM: 'easel@example.com' });
      } catch (caught) {
        error = caught;
      }
      expect(error, value).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('SMTP_URL');
      expect((error as Error).message).not.toContain('hunter2-secret');
    }
  });

  it('SMTP_URL needs MAIL_FROM; a good pair parses', () => {
    expect(() => parseEnv({ SMTP_URL: 'smtp://u:p@127.0.0.1:2525' })).toThrow(/MAIL_FROM: is required when SMTP_URL is set/);
    expect(parseEnv({ SMTP_URL: 'smtps://u:p@mail.example.com:465', MAIL_FROM: 'Easel <easel@example.com>' })).toMatchObject({ MAIL_FROM: 'Easel <easel@example.com>' });
    expect(() => parseEnv({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
  });

  it('the app refuses to start with a malformed SMTP_URL and says which variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/run.ts', 'start'], {
      cwd: ROOT,
      env: { ...process.env, SMTP_URL: 'smtp:/broken:hunter2-secret@', MAIL_FROM: 'easel@example.com', PORT: '3949', SANDBOX_PORT: '3948' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('SMTP_URL');
    expect(result.stderr + result.stdout).not.toContain('hunter2-secret');
  });
});

describe('the operator webhook settings', () => {
  const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
  const refusal = (env: Record<string, string>): string => {
    try {
      parseEnv(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('parsed');
  };

  it('a good pair parses; http and private targets only with WEBHOOK_ALLOW_PRIVATE=1', () => {
    expect(parseEnv({ NOTIFY_WEBHOOK_URL: 'https://hooks.example.com/easel?token=abc', NOTIFY_WEBHOOK_SECRET: SECRET })).toMatchObject({ NOTIFY_WEBHOOK_URL: 'https://hooks.example.com/easel?token=abc', NOTIFY_WEBHOOK_SECRET: SECRET });
    expect(parseEnv({ NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9000/hook', NOTIFY_WEBHOOK_SECRET: SECRET, WEBHOOK_ALLOW_PRIVATE: '1' }).NOTIFY_WEBHOOK_URL).toBe('http://127.0.0.1:9000/hook');
  });

  it('a malformed URL is refused naming NOTIFY_WEBHOOK_URL, never the URL (which may hold a token)', () => {
    const cases: Array<[string, RegExp]> = [
      ['https://hookuser:s3cr3t-value@hooks.example.com/x', /must not contain a user name or password/],
      ['http://hooks.example.com/s3cr3t-value', /must start with https:\/\//],
      ['ftp://hooks.example.com/s3cr3t-value', /must start with https:\/\//],
      ['not a url s3cr3t-value', /is not a valid URL/],
      ['https://127.0.0.1/s3cr3t-value', /private, loopback or reserved/],
      ['https://[::1]/s3cr3t-value', /private, loopback or reserved/],
      ['https://localhost/s3cr3t-value', /private, loopback or reserved/],
      ['https://169.254.169.254/s3cr3t-value', /private, loopback or reserved/],
      ['https://10.0.0.8/s3cr3t-value', /private, loopback or reserved/],
      [`https://hooks.example.com/${'a'.repeat(2100)}s3cr3t-value`, /at most 2048 characters/],
    ];
    for (const [url, problem] of cases) {
      const message = refusal({ NOTIFY_WEBHOOK_URL: url, NOTIFY_WEBHOOK_SECRET: SECRET });
      expect(message, url).toContain('NOTIFY_WEBHOOK_URL');
      expect(message, url).toMatch(problem);
      expect(message, url).not.toMatch(/s3cr3t-value|hookuser/);
    }
  });

  it('a malformed secret is refused naming NOTIFY_WEBHOOK_SECRET, never the secret; each variable needs the other', () => {
    for (const secret of ['hunter2-secret-value', 'whsec_hunter2-secret-value!', `whsec_${Buffer.alloc(8, 1).toString('base64')}`, `whsec_${Buffer.alloc(80, 1).toString('base64')}`, `${SECRET.slice(6)}`]) {
      const message = refusal({ NOTIFY_WEBHOOK_URL: 'https://hooks.example.com/x', NOTIFY_WEBHOOK_SECRET: secret });
      expect(message, secret).toContain('NOTIFY_WEBHOOK_SECRET: must be whsec_ followed by a base64 key of 24 to 64 bytes');
      expect(message, secret).not.toContain(secret);
    }
    expect(refusal({ NOTIFY_WEBHOOK_URL: 'https://hooks.example.com/x' })).toContain('NOTIFY_WEBHOOK_SECRET: is required when NOTIFY_WEBHOOK_URL is set');
    expect(refusal({ NOTIFY_WEBHOOK_SECRET: SECRET })).toContain('NOTIFY_WEBHOOK_URL: is required when NOTIFY_WEBHOOK_SECRET is set');
  });

  it('the app refuses to start with a malformed NOTIFY_WEBHOOK_URL and says which variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/run.ts', 'start'], {
      cwd: ROOT,
      env: { ...process.env, NOTIFY_WEBHOOK_URL: 'https://hookuser:hunter2-secret@hooks.example.com/x', NOTIFY_WEBHOOK_SECRET: SECRET, PORT: '3947', SANDBOX_PORT: '3946' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('NOTIFY_WEBHOOK_URL');
    expect(result.stderr + result.stdout).not.toMatch(/hunter2-secret|hookuser/);
    expect(result.stderr + result.stdout).not.toContain(SECRET.slice(6));
  });
});

describe('webhook address policy and retry schedule', () => {
  it('only public unicast addresses count as public', () => {
    for (const address of ['127.0.0.1', '10.0.0.5', '172.16.3.4', '192.168.0.1', '169.254.169.254', '::1', 'fe80::1', 'fc00::1', '::ffff:10.0.0.1', '0.0.0.0', '100.64.0.1', '224.0.0.1']) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['93.184.216.34', '2606:4700::1111', '::ffff:93.184.216.34']) expect(isPublicAddress(address), address).toBe(true);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(retryDelayMs(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(retryDelayMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
