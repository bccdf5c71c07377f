import { describe, expect, it, vi } from 'vitest';

describe('ApiError across module copies', () => {
  it('is recognised by a second copy of the module, as Next may load one per bundle', async () => {
    const first = await import('@/lib/http/api-error');
    vi.resetModules();
    const second = await import('@/lib/http/api-error');
    expect(second.ApiError).not.toBe(first.ApiError);

    const error = new first.ApiError('rate_limited:login', 'Too many attempts.', { retryAfterSeconds: 30 });
    expect(error instanceof second.ApiError).toBe(true);
    expect(new Error('plain') instanceof second.ApiError).toBe(false);
    expect({ name: 'ApiError' } instanceof second.ApiError).toBe(false);

    const { handleApiRequest } = await import('@/lib/http/json-response');
    const response = await handleApiRequest(new Request('http://localhost/x'), async () => {
      throw error;
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
  });
});
