import { createGuessLimiter, type GuessLimiter } from '../http/guess-limiter';
import { processSingleton } from '../process-singleton';

/**
 * Sign-in limits: 5 attempts per address and account and 20 per address in
 * 15 minutes; per account over all addresses 5 free attempts an hour, then
 * a growing delay (2 s … 60 s) between attempts, which a device that signed
 * in to that account before skips (lib/editors/trusted-device.ts).
 */
export function getLoginLimiter(): GuessLimiter {
  return processSingleton('limiter.login', () =>
    createGuessLimiter({
      name: 'login',
      message: 'Too many sign-in attempts. Wait a little and try again.',
      perClientTarget: { attempts: 5, windowSeconds: 15 * 60 },
      perClient: { attempts: 20, windowSeconds: 15 * 60 },
      perTarget: { freeAttempts: 5, windowSeconds: 60 * 60, maxDelaySeconds: 60 },
    }),
  );
}
