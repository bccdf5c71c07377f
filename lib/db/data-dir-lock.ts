import { mkdirSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * PGlite is single-process: two processes writing one data folder lose rows
 * and duplicate keys. The folder is locked with proper-lockfile: the lock is a
 * directory made with mkdir (atomic: of two processes racing, exactly one
 * wins), kept alive by a heartbeat (its mtime is touched every few seconds),
 * so a lock left by a killed process is recognised as stale by its age, not by
 * a pid that may have been reused. It is removed on close and when the
 * process exits (normally or by SIGINT/SIGTERM/SIGHUP).
 */
export const LOCK_NAME = 'easel.lock.d';

export class DataDirLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database in ${dataDir} is in use by another Easel process (npm run dev/start or npm run editor). ` +
        'Stop that process first, or set DATABASE_URL=postgres://… for shared access. ' +
        'If that process was killed, the lock frees itself within 30 seconds.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLockOptions {
  /** A lock whose heartbeat is older than this is stale (at least 2 s). */
  staleMs?: number;
  /** Called when the lock was lost (e.g. the event loop stalled past staleMs and another process took it). */
  onCompromised?: (error: Error) => void;
}

export type ReleaseLock = () => Promise<void>;

export async function acquireDataDirLock(dataDir: string, options: DataDirLockOptions = {}): Promise<ReleaseLock> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const staleMs = Math.max(2000, options.staleMs ?? 30_000);
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, {
      lockfilePath: path.join(dataDir, LOCK_NAME),
      stale: staleMs,
      update: Math.max(1000, Math.floor(staleMs / 3)),
      realpath: false,
      retries: 0,
      onCompromised:
        options.onCompromised ??
        ((error) => {
          // Writing on would corrupt the database another process now holds.
          console.error(`[easel] the database lock on ${dataDir} was lost (${error.message}); stopping.`);
          process.exit(1);
        }),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirLockedError(dataDir);
    throw error;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    await release().catch(() => undefined);
  };
}
