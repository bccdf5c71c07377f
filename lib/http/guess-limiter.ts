import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { createLimiterStore } from './limiter-store';
import { ApiError, type RateLimitName } from './api-error';

/**
 * Limits for guessing a secret (an editor's password, a link's password),
 * counted three ways:
 * - per client and target: a person who mistypes gets a few tries, then waits;
 * - per client over all targets: one address can't spray many targets;
 * - per target over all clients: after a few free attempts each further one
 *   opens a gate that closes for an ever longer delay (2 s, 4 s … capped), so
 *   guesses spread over many addresses are slowed to a trickle. The delay is
 *   bounded, never a lockout, and clients the caller vouches for (`exempt`:
 *   a device that signed in before, a client with no failure on this link)
 *   pass the gate, so someone else's failures can't lock the owner out.
 * Attempts are counted before the secret is checked (concurrent guesses
 * can't slip through together); a success gives the attempt back.
 */
export interface GuessLimiterOptions {
  /** Error code surface: `rate_limited:<name>`. */
  name: RateLimitName;
  message: string;
  perClientTarget: { attempts: number; windowSeconds: number };
  perClient: { attempts: number; windowSeconds: number };
  perTarget: { freeAttempts: number; windowSeconds: number; maxDelaySeconds: number };
}

export interface GuessAttempt {
  clientKey: string;
  target: string;
  /** Skips the per-target gate (see above). */
  exempt?: boolean;
}

export interface GuessLimiter {
  /** Counts the attempt; throws ApiError rate_limited (with Retry-After) when it may not be checked now. */
  admit(attempt: GuessAttempt): Promise<void>;
  /** The secret was right: the attempt does not count against anyone. */
  succeeded(attempt: GuessAttempt): Promise<void>;
  /** True when this client has no counted attempt on this target in the window. */
  isClean(attempt: Pick<GuessAttempt, 'clientKey' | 'target'>): Promise<boolean>;
}

export function createGuessLimiter(options: GuessLimiterOptions): GuessLimiter {
  const prefix = `guess_${options.name}`;
  // Counts live in Redis when REDIS_URL is set (limiter-store.ts), so the limits hold for the whole fleet.
  const stores = [
    createLimiterStore({ keyPrefix: `${prefix}_ct`, points: options.perClientTarget.attempts, durationSeconds: options.perClientTarget.windowSeconds }),
    createLimiterStore({ keyPrefix: `${prefix}_c`, points: options.perClient.attempts, durationSeconds: options.perClient.windowSeconds }),
  // Effectively unlimited points: it only counts; the gate decides.
    createLimiterStore({ keyPrefix: `${prefix}_t`, points: Number.MAX_SAFE_INTEGER, durationSeconds: options.perTarget.windowSeconds }),
    createLimiterStore({ keyPrefix: `${prefix}_g`, points: 1, durationSeconds: 1 }),
  ] as const;
  const [clientTarget, client, target, gate] = stores.map((store) => store.limiter) as [RateLimiterAbstract, RateLimiterAbstract, RateLimiterAbstract, RateLimiterAbstract];
  const ready = () => Promise.all(stores.map((store) => store.ready()));

  const ctKey = ({ clientKey, target: t }: Pick<GuessAttempt, 'clientKey' | 'target'>) => `${clientKey}\n${t}`;

  function refuse(msBeforeNext: number): never {
    throw new ApiError(`rate_limited:${options.name}`, options.message, { retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)) });
  }

  async function consume(limiter: RateLimiterAbstract, key: string, extra?: { customDuration: number }): Promise<RateLimiterRes> {
    try {
      return await limiter.consume(key, 1, extra);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) refuse(rejection.msBeforeNext);
      throw rejection;
    }
  }

  /** Seconds the gate stays closed after the n-th attempt over the free ones. */
  function delayAfter(over: number): number {
    return Math.min(options.perTarget.maxDelaySeconds, 2 ** Math.min(over, 30));
  }

  return {
    async admit(attempt) {
      await ready();
      await consume(clientTarget, ctKey(attempt));
      await consume(client, attempt.clientKey);
      const counted = await target.consume(attempt.target, 1);
      const over = counted.consumedPoints - options.perTarget.freeAttempts;
      if (over > 0 && !attempt.exempt) await consume(gate, attempt.target, { customDuration: delayAfter(over) });
    },
    async succeeded(attempt) {
      await ready();
      await clientTarget.delete(ctKey(attempt));
      await client.reward(attempt.clientKey, 1);
      await target.reward(attempt.target, 1);
    },
    async isClean(attempt) {
      await ready();
      const res = await clientTarget.get(ctKey(attempt));
      return !res || res.consumedPoints <= 0;
    },
  };
}
