import { createRateLimiter, type RateLimiter } from '../http/rate-limit';
import { processSingleton } from '../process-singleton';

/** Thumbnails come two dozen per page; the limit only stops scraping loops. */
export function getThumbnailRateLimiter(): RateLimiter {
  return processSingleton('limiter.thumbnail', () => createRateLimiter({ name: 'thumbnail', points: 600, durationSeconds: 60 }));
}
