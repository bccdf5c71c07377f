import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/http/api-error';
import { createRateLimiter } from '@/lib/http/rate-limit';

describe('rate limiter', () => {
  it('lets a client make its quota, then throws 429 with Retry-After; other clients are unaffected', async () => {
    const limiter = createRateLimiter({ name: 'login', points: 3, durationSeconds: 60 });
    for (let i = 0; i < 3; i += 1) await limiter.consume('a');
    const error = await limiter.consume('a').then(() => undefined, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).code).toBe('rate_limited:login');
    const response = (error as ApiError).toResponse('req-1');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    await limiter.consume('b');
  });

  it('reset forgets a client', async () => {
    const limiter = createRateLimiter({ name: 'link_password', points: 1, durationSeconds: 60 });
    await limiter.consume('a');
    await expect(limiter.consume('a')).rejects.toBeInstanceOf(ApiError);
    await limiter.reset('a');
    await limiter.consume('a');
  });
});
