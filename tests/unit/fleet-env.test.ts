import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '@/lib/config/env';

describe('REDIS_URL and METRICS_TOKEN settings', () => {
  it('are off when unset or empty', () => {
    const env = parseEnv({ REDIS_URL: '', METRICS_TOKEN: '' });
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env.REDIS_KEY_PREFIX).toBe('easel:');
  });

  it('accept redis:// and rediss:// URLs', () => {
    expect(parseEnv({ REDIS_URL: 'redis://:pw@10.0.0.5:6379/2' }).REDIS_URL).toBe('redis://:pw@10.0.0.5:6379/2');
    expect(parseEnv({ REDIS_URL: 'rediss://cache.internal:6380' }).REDIS_URL).toBe('rediss://cache.internal:6380');
  });

  it('refuse another scheme or a short metrics token, naming the variable and never echoing the value', () => {
    const secret = 'http://:hunter2-password@10.0.0.5:6379';
    expect(() => parseEnv({ REDIS_URL: secret })).toThrow(ConfigError);
    try {
      parseEnv({ REDIS_URL: secret });
    } catch (error) {
      expect((error as Error).message).toContain('REDIS_URL');
      expect((error as Error).message).not.toContain('hunter2');
    }
    expect(() => parseEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => parseEnv({ REDIS_KEY_PREFIX: 'bad prefix!' })).toThrow(/REDIS_KEY_PREFIX/);
  });
});
