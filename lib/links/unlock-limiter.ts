import { createRateLimiter, type RateLimiter } from '../http/rate-limit';
import { processSingleton } from '../process-singleton';

export interface UnlockLimiters {
  /** Per client and link: a person mistyping gets a few tries. */
  perClient: RateLimiter;
  /** Per link, all clients together: slows a guesser spread over many addresses. */
  perLink: RateLimiter;
}

const MESSAGE = 'Too many password attempts for this link. Wait a few minutes and try again.';

export function getUnlockLimiters(): UnlockLimiters {
  return processSingleton('limiter.link_password', () => ({
    perClient: createRateLimiter({ name: 'link_password', points: 5, durationSeconds: 15 * 60, message: MESSAGE }),
    perLink: createRateLimiter({ name: 'link_password', points: 100, durationSeconds: 15 * 60, message: MESSAGE }),
  }));
}
