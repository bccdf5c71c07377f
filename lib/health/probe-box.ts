import { timeBoxCall } from '../metrics/registry';

export interface BoxReachability {
  reachable: boolean;
  latencyMs: number;
}

/**
 * Box is reachable when its API host answers HTTP at all: an unauthenticated
 * request gets an error status, which still proves the host is up.
 */
export async function probeBox(apiBaseUrl: string, timeoutMs = 2000): Promise<BoxReachability> {
  const started = performance.now();
  try {
    const response = await timeBoxCall(
      'health',
      () =>
        fetch(`${apiBaseUrl.replace(/\/$/, '')}/2.0/`, {
          method: 'GET',
          signal: AbortSignal.timeout(timeoutMs),
          cache: 'no-store',
        }),
      { status: (answer) => answer.status },
    );
    await response.body?.cancel();
    return { reachable: response.status < 500, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { reachable: false, latencyMs: Math.round(performance.now() - started) };
  }
}
