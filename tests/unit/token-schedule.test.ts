import { describe, expect, it } from 'vitest';
import {
  hasTimeLeft,
  isNearExpiry,
  MAX_REFRESH_LEAD_MS,
  MAX_RETRY_DELAY_MS,
  MIN_REFRESH_DELAY_MS,
  refreshDelayMs,
  refreshLeadMs,
  retryDelayMs,
  toLocalTiming,
  usableMarginMs,
} from '@/lib/client/token-schedule';

const NOW = 1_700_000_000_000;
const token = (lifetimeMs: number, remainingMs = lifetimeMs) => ({ expiresAt: NOW + remainingMs, lifetimeMs });

describe('refresh schedule', () => {
  it('refreshes a 30 s token with 10 s left, well before it expires', () => {
    expect(refreshLeadMs(30_000)).toBe(10_000);
    expect(refreshDelayMs(token(30_000), NOW)).toBe(20_000);
  });

  it('refreshes a one-hour Box token five minutes before expiry', () => {
    expect(refreshLeadMs(3_600_000)).toBe(MAX_REFRESH_LEAD_MS);
    expect(refreshDelayMs(token(3_600_000), NOW)).toBe(55 * 60_000);
  });

  it('never schedules refreshes back to back for a token that arrived nearly spent', () => {
    expect(refreshDelayMs(token(30_000, 1_000), NOW)).toBe(MIN_REFRESH_DELAY_MS);
    expect(refreshDelayMs(token(30_000, -5_000), NOW)).toBe(MIN_REFRESH_DELAY_MS);
  });

  it('opens the refresh window at the lead time, e.g. after a missed timer during sleep', () => {
    const t = token(30_000);
    expect(isNearExpiry(t, NOW + 19_999)).toBe(false);
    expect(isNearExpiry(t, NOW + 20_000)).toBe(true);
    expect(isNearExpiry(t, NOW + 3_600_000)).toBe(true);
  });

  it('stops handing out a token while it still has a margin for the request to land', () => {
    const t = token(30_000);
    expect(usableMarginMs(30_000)).toBe(3_000);
    expect(hasTimeLeft(t, NOW + 26_999)).toBe(true);
    expect(hasTimeLeft(t, NOW + 27_000)).toBe(false);
    expect(usableMarginMs(3_600_000)).toBe(60_000);
    expect(usableMarginMs(5_000)).toBe(2_000);
  });

  it('refreshes before the token becomes unusable, for any lifetime', () => {
    for (const lifetime of [10_000, 15_000, 30_000, 600_000, 3_600_000, 4_000_000]) {
      expect(refreshLeadMs(lifetime)).toBeGreaterThan(usableMarginMs(lifetime));
    }
  });
});

describe('retry backoff', () => {
  it('doubles from one second and caps at thirty', () => {
    const top = () => 1; // no jitter reduction
    expect([1, 2, 3, 4, 5, 6, 7, 10].map((attempt) => retryDelayMs(attempt, top))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, MAX_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS,
    ]);
  });

  it('jitters down to half the delay', () => {
    expect(retryDelayMs(3, () => 0)).toBe(2_000);
    expect(retryDelayMs(0, () => 0)).toBe(500);
  });
});

describe('clock conversion', () => {
  it('measures the lifetime on the server clock, so a skewed browser clock does not matter', () => {
    const serverNow = Date.parse('2026-01-01T12:00:00.000Z');
    const skewedLocalNow = serverNow - 7 * 60_000; // browser clock 7 minutes behind
    const timing = toLocalTiming('2026-01-01T12:00:30.000Z', serverNow, skewedLocalNow);
    expect(timing).toEqual({ expiresAt: skewedLocalNow + 30_000, lifetimeMs: 30_000 });
  });

  it('treats an already expired or unparseable expiry as no time left', () => {
    const serverNow = Date.parse('2026-01-01T12:00:00.000Z');
    expect(toLocalTiming('2026-01-01T11:59:00.000Z', serverNow, NOW)).toEqual({ expiresAt: NOW, lifetimeMs: 0 });
    expect(toLocalTiming('not a date', serverNow, NOW)).toEqual({ expiresAt: NOW, lifetimeMs: 0 });
  });
});
