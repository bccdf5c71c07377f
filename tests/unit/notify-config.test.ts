import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/lib/config/env';
import { retryDelayMs } from '@/lib/notify/backoff';
import { isPublicAddress } from '@/lib/notify/webhook-target';

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
