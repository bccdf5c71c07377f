import 'server-only';
import type { FetchOptions, FetchResponse, Interceptor, RetryStrategy } from 'box-node-sdk/networking';

/**
 * Retries for every SDK call on the app's NetworkSession:
 * - 429 and 5xx are retried, waiting what `retry-after` says (the SDK's own
 *   strategy looks for `Retry-After`, but node-fetch lowercases header names,
 *   so it never sees it), and never past a total wait budget per call;
 * - a 401 on an authenticated call refreshes the parent token once
 *   (single-flight, skipped when another caller already replaced it);
 * - network failures get two quick retries.
 * The SDK gives a strategy no per-call state, so state is kept against the
 * call's `headers` object, which the SDK reuses across the attempts of a call.
 */
export interface RetryBudget {
  /** Longest total wait across the retries of one call. */
  totalWaitMs: number;
  maxAttempts: number;
}

interface CallState {
  waitedMs: number;
  nextWaitMs: number;
  refreshedFor401: boolean;
  generationAtRequest: number | undefined;
}

const MAX_RETRIES_ON_NETWORK_ERROR = 2;
const BACKOFF_BASE_MS = 500;

export function retryAfterSecondsOf(headers: Readonly<Record<string, string>> | undefined): number | undefined {
  if (!headers) return undefined;
  const raw = headers['retry-after'] ?? Object.entries(headers).find(([name]) => name.toLowerCase() === 'retry-after')?.[1];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function backoffMs(attempt: number): number {
  return BACKOFF_BASE_MS * 2 ** (attempt - 1) * (0.5 + Math.random());
}

export interface ParentTokenRefresher {
  generation(): number;
  refreshAfterRejection(generation: number): Promise<void>;
}

export class BoundedRetryStrategy implements RetryStrategy {
  private readonly calls = new WeakMap<object, CallState>();

  constructor(
    private readonly budget: RetryBudget,
    private readonly parent?: ParentTokenRefresher,
  ) {}

  /** Records which parent token generation a call starts with (see the 401 rule). */
  readonly interceptor: Interceptor = {
    beforeRequest: (options: FetchOptions): FetchOptions => {
      const state = this.stateOf(options);
      if (state && this.parent) state.generationAtRequest = this.parent.generation();
      return options;
    },
    afterRequest: (response: FetchResponse): FetchResponse => response,
  };

  private stateOf(options: FetchOptions): CallState | undefined {
    const key = options.headers;
    if (!key || typeof key !== 'object') return undefined;
    let state = this.calls.get(key);
    if (!state) {
      state = { waitedMs: 0, nextWaitMs: 0, refreshedFor401: false, generationAtRequest: undefined };
      this.calls.set(key, state);
    }
    return state;
  }

  async shouldRetry(options: FetchOptions, response: FetchResponse, attempt: number): Promise<boolean> {
    // Without per-call state (no headers object) each wait is still capped by the
    // budget and the attempts by maxAttempts; 401s are left to the caller.
    const state = this.stateOf(options) ?? { waitedMs: 0, nextWaitMs: 0, refreshedFor401: true, generationAtRequest: undefined };
    if (response.status === 401 && options.auth && this.parent && !state.refreshedFor401) {
      state.refreshedFor401 = true;
      state.nextWaitMs = 0;
      await this.parent.refreshAfterRejection(state.generationAtRequest ?? this.parent.generation());
      return true;
    }
    const networkError = response.status === 0;
    if (networkError ? attempt > MAX_RETRIES_ON_NETWORK_ERROR : !isRetryableStatus(response.status)) return false;
    if (!networkError && attempt >= this.budget.maxAttempts) return false;
    const retryAfter = networkError ? undefined : retryAfterSecondsOf(response.headers);
    const waitMs = retryAfter !== undefined ? retryAfter * 1000 : backoffMs(attempt);
    if (state.waitedMs + waitMs > this.budget.totalWaitMs) return false;
    state.waitedMs += waitMs;
    state.nextWaitMs = waitMs;
    return true;
  }

  /** Seconds, as the SDK expects; decided in shouldRetry, which the SDK always calls first. */
  retryAfter(options: FetchOptions, response: FetchResponse, attempt: number): number {
    const state = this.stateOf(options);
    if (state) return state.nextWaitMs / 1000;
    return (retryAfterSecondsOf(response.headers) ?? backoffMs(attempt) / 1000);
  }
}
