import { revokeLinkTokens } from './token-service';
import { log } from '../log';
import { processSingleton } from '../process-singleton';

function expiryTimers(): Map<string, NodeJS.Timeout> {
  return processSingleton('links.expiry_timers', () => new Map<string, NodeJS.Timeout>());
}

/** The link's expiry changed: drop its timer; the next token handed out schedules a new one. */
export function forgetExpiryRevocation(linkId: string): void {
  const timers = expiryTimers();
  clearTimeout(timers.get(linkId));
  timers.delete(linkId);
}

/**
 * Box tokens outlive a link that expires while they are fresh. When a token
 * handed out for a link would still be valid at the link's expiry, revoke the
 * link's tokens at that moment (this process remembers them in memory).
 */
export function scheduleExpiryRevocation(linkId: string, linkExpiresAt: Date | null, tokenExpiresAt: string, now: number = Date.now()): void {
  if (!linkExpiresAt) return;
  const expiresAt = linkExpiresAt.getTime();
  if (Date.parse(tokenExpiresAt) <= expiresAt) return;
  const timers = expiryTimers();
  if (timers.has(linkId)) return;
  const timer = setTimeout(() => {
    timers.delete(linkId);
    revokeLinkTokens(linkId).catch((error: unknown) => {
      log.warn({ event: 'links.expiry_revoke_failed', linkId, err: error }, 'could not revoke tokens of an expired link');
    });
  }, Math.max(0, expiresAt - now));
  timer.unref();
  timers.set(linkId, timer);
}
