'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import useSWR from 'swr';
import { ClientApiError } from './client-error';
import { fetchPreviewToken } from './fetch-preview-token';
import type { PreviewToken } from './preview-token';
import { tokenHashOf } from './token-hash';
import { hasTimeLeft, isNearExpiry, refreshDelayMs, retryDelayMs } from './token-schedule';

/** Consecutive failed refreshes before the page tells the user. */
const PERSISTENT_FAILURES = 2;
/** How long a caller of getToken waits for a refresh before giving up. */
const WAIT_FOR_TOKEN_MS = 20_000;

export type TokenProblem =
  | { kind: 'renewal_failing'; message: string }
  | { kind: 'access_ended'; message: string };

export interface UseBoxTokenResult {
  token: PreviewToken | undefined;
  /** Stable: resolves to a token with time left, waiting for a refresh if needed. */
  getToken: () => Promise<string>;
  problem: TokenProblem | undefined;
  /** Stable: refresh now, skipping any backoff. */
  retry: () => void;
  /**
   * Stable: Box refused the current token. Asks the token route to check it
   * and replace it; true once a different token is in place. Each token is
   * reported at most once, so a failing preview can't loop.
   */
  reportRejected: () => Promise<boolean>;
}

interface Waiter {
  resolve: (token: string) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

function asTokenError(error: unknown): ClientApiError {
  return error instanceof ClientApiError ? error : new ClientApiError(0, 'unknown', 'The token request failed.');
}

/**
 * Keeps a file token fresh for as long as the page stays open. SWR holds the
 * token under its route URL (the server-rendered token is its fallback data);
 * this hook decides when to refresh: on a timer derived from the expiry, and
 * on focus, visibility and reconnect once the token is near expiry.
 */
export function useBoxToken(tokenUrl: string, initialToken?: PreviewToken): UseBoxTokenResult {
  const tokenRef = useRef(initialToken);
  const waitersRef = useRef(new Set<Waiter>());
  const inflightRef = useRef<Promise<unknown> | undefined>(undefined);
  const nextRetryAtRef = useRef(0);
  const failuresRef = useRef(0);
  const endedRef = useRef<ClientApiError | undefined>(undefined);
  const reportedRef = useRef(new Set<string>());
  const recoveryRef = useRef<Promise<boolean> | undefined>(undefined);
  const [failure, setFailure] = useState<{ count: number; error: ClientApiError } | undefined>();

  const settleWaiters = useCallback((outcome: { token: string } | { error: Error }) => {
    for (const waiter of waitersRef.current) {
      clearTimeout(waiter.timer);
      if ('token' in outcome) waiter.resolve(outcome.token);
      else waiter.reject(outcome.error);
    }
    waitersRef.current.clear();
  }, []);

  const { data, mutate } = useSWR<PreviewToken, ClientApiError>(tokenUrl, fetchPreviewToken, {
    fallbackData: initialToken,
    revalidateOnMount: !initialToken || !hasTimeLeft(initialToken, Date.now()),
    revalidateIfStale: false,
    // Focus and reconnect are handled below, and only near expiry.
    revalidateOnFocus: false,
    revalidateOnReconnect: false,
    dedupingInterval: 2_000,
    shouldRetryOnError: (error) => !asTokenError(error).isPermanent,
    onErrorRetry: (error, _key, _config, revalidate, { retryCount }) => {
      const retryAfterMs = (asTokenError(error).retryAfterSeconds ?? 0) * 1000;
      const delay = Math.max(retryDelayMs(retryCount), retryAfterMs);
      nextRetryAtRef.current = Date.now() + delay;
      setTimeout(() => {
        nextRetryAtRef.current = 0;
        void revalidate({ retryCount });
      }, delay);
    },
    onSuccess: (token) => {
      tokenRef.current = token;
      failuresRef.current = 0;
      endedRef.current = undefined;
      setFailure(undefined);
      if (hasTimeLeft(token, Date.now())) settleWaiters({ token: token.accessToken });
    },
    onError: (raw) => noteFailure(asTokenError(raw)),
  });

  function noteFailure(error: ClientApiError): void {
    failuresRef.current += 1;
    if (error.isPermanent) endedRef.current = error;
    setFailure({ count: failuresRef.current, error });
    if (error.isPermanent || failuresRef.current >= PERSISTENT_FAILURES) settleWaiters({ error });
  }

  // Another hook instance with the same URL may have refreshed the shared cache.
  if (data && (!tokenRef.current || data.expiresAt > tokenRef.current.expiresAt)) tokenRef.current = data;

  const refresh = useCallback((options: { skipBackoff?: boolean } = {}) => {
    if (inflightRef.current) return;
    if (!options.skipBackoff && Date.now() < nextRetryAtRef.current) return;
    inflightRef.current = mutate()
      .catch(() => undefined) // onError has recorded it
      .finally(() => {
        inflightRef.current = undefined;
      });
  }, [mutate]);

  const getToken = useCallback(async (): Promise<string> => {
    // A token Box refused is being replaced: the replacement is what callers want.
    if (recoveryRef.current) await recoveryRef.current;
    const now = Date.now();
    const current = tokenRef.current;
    if (current && hasTimeLeft(current, now)) {
      if (isNearExpiry(current, now)) refresh();
      return current.accessToken;
    }
    if (endedRef.current) throw endedRef.current;
    return new Promise<string>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          waitersRef.current.delete(waiter);
          reject(new ClientApiError(0, 'timeout', 'No fresh token arrived in time.'));
        }, WAIT_FOR_TOKEN_MS),
      };
      waitersRef.current.add(waiter);
      refresh();
    });
  }, [refresh]);

  const expiresAt = data?.expiresAt;
  useEffect(() => {
    const current = tokenRef.current;
    if (!current) return;
    const timer = setTimeout(() => refresh(), refreshDelayMs(current, Date.now()));
    return () => clearTimeout(timer);
  }, [expiresAt, refresh]);

  useEffect(() => {
    // A laptop waking from sleep fires these before (or instead of) late timers.
    const onWake = (event: Event) => {
      if (document.visibilityState === 'hidden') return;
      const current = tokenRef.current;
      if (!current || isNearExpiry(current, Date.now())) refresh({ skipBackoff: event.type === 'online' });
    };
    window.addEventListener('focus', onWake);
    window.addEventListener('online', onWake);
    document.addEventListener('visibilitychange', onWake);
    return () => {
      window.removeEventListener('focus', onWake);
      window.removeEventListener('online', onWake);
      document.removeEventListener('visibilitychange', onWake);
    };
  }, [refresh]);

  useEffect(() => {
    const waiters = waitersRef.current;
    return () => {
      for (const waiter of waiters) clearTimeout(waiter.timer);
      waiters.clear();
    };
  }, []);

  const retry = useCallback(() => refresh({ skipBackoff: true }), [refresh]);

  const reportRejected = useCallback((): Promise<boolean> => {
    if (recoveryRef.current) return recoveryRef.current;
    const rejected = tokenRef.current;
    if (!rejected || reportedRef.current.has(rejected.accessToken)) return Promise.resolve(false);
    reportedRef.current.add(rejected.accessToken);
    const recovery = (async () => {
      const rejectedTokenHash = await tokenHashOf(rejected.accessToken);
      if (!rejectedTokenHash) return false;
      const fresh = await fetchPreviewToken(tokenUrl, { rejectedTokenHash });
      if (fresh.accessToken === rejected.accessToken) return false;
      tokenRef.current = fresh;
      failuresRef.current = 0;
      setFailure(undefined);
      await mutate(fresh, { revalidate: false });
      return true;
    })()
      .catch((raw: unknown) => {
        const error = asTokenError(raw);
        // No verdict (network, Box busy): a later report of this token may try again.
        if (!error.isPermanent) reportedRef.current.delete(rejected.accessToken);
        noteFailure(error);
        return false;
      })
      .finally(() => {
        recoveryRef.current = undefined;
      });
    recoveryRef.current = recovery;
    return recovery;
    // noteFailure only touches refs and stable setters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mutate, tokenUrl]);

  return { token: data, getToken, problem: problemOf(failure, data), retry, reportRejected };
}

function problemOf(
  failure: { count: number; error: ClientApiError } | undefined,
  token: PreviewToken | undefined,
): TokenProblem | undefined {
  if (!failure) return undefined;
  if (failure.error.isPermanent) {
    // A share link that was turned off or expired says so in the server's words ("turned off by the person who shared it").
    if (failure.error.code.startsWith('gone:link')) return { kind: 'access_ended', message: failure.error.message };
    return { kind: 'access_ended', message: 'Access to this file has ended. Reload the page to try again.' };
  }
  const expired = !token || !hasTimeLeft(token, Date.now());
  if (failure.count >= PERSISTENT_FAILURES || expired) {
    return { kind: 'renewal_failing', message: "Your access to this file couldn't be renewed. Retrying…" };
  }
  return undefined;
}
