/**
 * Concurrent calls for the same key share one running promise; the next call
 * after it settles starts afresh. Failures are shared too, never cached.
 */
export interface SingleFlight<K, V> {
  run(key: K, work: () => Promise<V>): Promise<V>;
  has(key: K): boolean;
  readonly size: number;
}

export function singleFlight<K, V>(): SingleFlight<K, V> {
  const running = new Map<K, Promise<V>>();
  return {
    run(key, work) {
      const existing = running.get(key);
      if (existing) return existing;
      const promise = work().finally(() => running.delete(key));
      running.set(key, promise);
      return promise;
    },
    has(key) {
      return running.has(key);
    },
    get size() {
      return running.size;
    },
  };
}
