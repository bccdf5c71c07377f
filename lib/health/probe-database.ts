import type { Store } from '../db/store';

export interface DatabaseHealth {
  up: boolean;
  latencyMs: number;
}

/** The database is up when it answers `select 1` within the timeout. */
export async function probeDatabase(openStore: () => Promise<Pick<Store, 'ping'>>, timeoutMs = 2000): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('database probe timed out')), timeoutMs);
    });
    await Promise.race([openStore().then((store) => store.ping()), timeout]);
    return { up: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { up: false, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}
