import { createHash, timingSafeEqual } from 'node:crypto';
import type { Env } from '../config/env';
import { ApiError } from '../http/api-error';
import { log } from '../log';
import { runBoxCheck, type BoxCheckReport } from './box-check';

/**
 * `/api/health?deep=1`: the `box:check` steps for operators, behind
 * `Authorization: Bearer <HEALTH_DEEP_TOKEN>`. Without that variable the deep
 * check is off. Only one check runs at a time and a passing report is reused
 * for a few seconds, so the endpoint can't be used to hammer Box; a failing
 * one is not, so an operator sees a fix take effect at once.
 */
const REUSE_MS = 15_000;
let last: { at: number; report: BoxCheckReport } | undefined;
let running: Promise<BoxCheckReport> | undefined;

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function assertDeepHealthAccess(request: Request, env: Env): void {
  if (!env.HEALTH_DEEP_TOKEN) {
    throw new ApiError('forbidden:deep_health', 'The deep health check is off: set HEALTH_DEEP_TOKEN to enable it.');
  }
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!given || !sameSecret(given, env.HEALTH_DEEP_TOKEN)) {
    throw new ApiError('unauthorized:deep_health', 'The deep health check needs Authorization: Bearer <HEALTH_DEEP_TOKEN>.');
  }
}

export async function deepHealthReport(env: Env, now: () => number = Date.now): Promise<BoxCheckReport> {
  if (last && now() - last.at < REUSE_MS) return last.report;
  running ??= runBoxCheck(env)
    .then((report) => {
      last = report.ok ? { at: now(), report } : undefined;
      const failed = report.steps.filter((step) => step.status === 'fail').map((step) => step.id);
      if (failed.length > 0) log.warn({ event: 'health.box_check.failed', failed }, 'Box set-up check failed');
      return report;
    })
    .finally(() => {
      running = undefined;
    });
  return running;
}
