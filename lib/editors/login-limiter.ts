import { createRateLimiter, type RateLimiter } from '../http/rate-limit';
import { processSingleton } from '../process-singleton';

export interface LoginLimiters {
  /** Per client and account: a few tries for someone who mistyped. */
  perAccount: RateLimiter;
  /** Per client over all accounts: stops one address spraying many accounts. */
  perClient: RateLimiter;
}

const MESSAGE = 'Too many sign-in attempts. Wait a few minutes and try again.';

export function getLoginLimiters(): LoginLimiters {
  return processSingleton('limiter.login', () => ({
    perAccount: createRateLimiter({ name: 'login', points: 5, durationSeconds: 15 * 60, message: MESSAGE }),
    perClient: createRateLimiter({ name: 'login', points: 50, durationSeconds: 15 * 60, message: MESSAGE }),
  }));
}
