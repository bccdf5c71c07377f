import { createGuessLimiter, type GuessLimiter } from '../http/guess-limiter';
import { processSingleton } from '../process-singleton';

/**
 * Link-password limits: 5 attempts per address and link and 30 per address
 * over all links in 15 minutes; per link over all addresses 20 free attempts
 * an hour, then a growing delay (2 s … 60 s) between attempts. A client with
 * no failed attempt on the link skips that delay, so others' guesses never
 * keep someone who knows the password out.
 */
export function getUnlockLimiter(): GuessLimiter {
  return processSingleton('limiter.link_password', () =>
    createGuessLimiter({
      name: 'link_password',
      message: 'Too many password attempts for this link. Wait a little and try again.',
      perClientTarget: { attempts: 5, windowSeconds: 15 * 60 },
      perClient: { attempts: 30, windowSeconds: 15 * 60 },
      perTarget: { freeAttempts: 20, windowSeconds: 60 * 60, maxDelaySeconds: 60 },
    }),
  );
}
