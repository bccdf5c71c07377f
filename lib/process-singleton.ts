/**
 * One instance per process. Next can load a module once per route bundle in
 * the same process (and again after a dev reload), so a module-level `let`
 * would give each bundle its own Box connection, caches and rate limits.
 * Instances live on globalThis under a registry-wide key instead.
 */
const REGISTRY = Symbol.for('easel.processSingletons');

function registry(): Map<string, unknown> {
  const holder = globalThis as unknown as Record<symbol, Map<string, unknown> | undefined>;
  holder[REGISTRY] ??= new Map();
  return holder[REGISTRY];
}

export function processSingleton<T>(name: string, create: () => T): T {
  const instances = registry();
  if (!instances.has(name)) instances.set(name, create());
  return instances.get(name) as T;
}

/** Forgets an instance (tests, or after its configuration changed). */
export function resetProcessSingleton(name: string): void {
  registry().delete(name);
}
