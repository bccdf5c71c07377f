/**
 * Exponential backoff with "equal jitter": after the n-th failed attempt wait
 * between half and all of base·2^(n-1), capped. The retry itself is a row in
 * the outbox with a due time (it must survive a restart), so an in-process
 * retry library does not fit; this is only the schedule.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
