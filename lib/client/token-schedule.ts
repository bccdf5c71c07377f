/**
 * When to renew a file token, as pure functions of the clock so the rules can
 * be unit tested. All times are milliseconds on the browser's clock: a token's
 * expiry is converted from the server's clock when it arrives (`toLocalTiming`).
 */
export interface TokenTiming {
  /** Local time at which the token stops working. */
  expiresAt: number;
  /** Time the token had left when it arrived. */
  lifetimeMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

const MIN_REFRESH_LEAD_MS = 5 * SECOND;
export const MAX_REFRESH_LEAD_MS = 5 * MINUTE;
const MIN_USABLE_MARGIN_MS = 2 * SECOND;
const MAX_USABLE_MARGIN_MS = MINUTE;
/** Never schedule refreshes back to back, even for a token that arrived nearly spent. */
export const MIN_REFRESH_DELAY_MS = SECOND;
export const MAX_RETRY_DELAY_MS = 30 * SECOND;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** How long before expiry a refresh starts: a third of the lifetime, within bounds. */
export function refreshLeadMs(lifetimeMs: number): number {
  return clamp(lifetimeMs / 3, MIN_REFRESH_LEAD_MS, MAX_REFRESH_LEAD_MS);
}

/**
 * Time a token must still have for a request to use it: enough to cross the
 * network and be checked before it lapses.
 */
export function usableMarginMs(lifetimeMs: number): number {
  return clamp(lifetimeMs / 10, MIN_USABLE_MARGIN_MS, MAX_USABLE_MARGIN_MS);
}

/** Delay until the scheduled refresh of this token. */
export function refreshDelayMs(token: TokenTiming, now: number): number {
  const refreshAt = token.expiresAt - refreshLeadMs(token.lifetimeMs);
  return Math.max(MIN_REFRESH_DELAY_MS, refreshAt - now);
}

/** True once the refresh window has opened (or a timer was missed, e.g. during sleep). */
export function isNearExpiry(token: TokenTiming, now: number): boolean {
  return token.expiresAt - now <= refreshLeadMs(token.lifetimeMs);
}

/** True while a request may still carry this token. */
export function hasTimeLeft(token: TokenTiming, now: number): boolean {
  return token.expiresAt - now > usableMarginMs(token.lifetimeMs);
}

/**
 * Exponential backoff for failed refreshes: 1 s, 2 s, 4 s ... capped at 30 s,
 * with jitter in [50 %, 100 %] so many tabs don't retry in step.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_DELAY_MS, SECOND * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() / 2));
}

/**
 * Converts a server-side expiry to the local clock. `serverNow` is the server's
 * time when the token was handed out and `localNow` the local time it arrived,
 * so clock skew between browser and server cancels out.
 */
export function toLocalTiming(expiresAtIso: string, serverNow: number, localNow: number): TokenTiming {
  const remaining = Date.parse(expiresAtIso) - serverNow;
  const lifetimeMs = Number.isFinite(remaining) ? Math.max(0, remaining) : 0;
  return { expiresAt: localNow + lifetimeMs, lifetimeMs };
}
