import { createRateLimiter, type RateLimiter } from '../http/rate-limit';

const g = globalThis as unknown as { __easelThumbnailLimiter?: RateLimiter };

/** Thumbnails come two dozen per page; the limit only stops scraping loops. */
export function getThumbnailRateLimiter(): RateLimiter {
  g.__easelThumbnailLimiter ??= createRateLimiter({ name: 'thumbnail', points: 600, durationSeconds: 60 });
  return g.__easelThumbnailLimiter;
}
