import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite is single-process: two processes opening one data folder corrupt it.
 * A pid file makes a second process (e.g. `npm run editor` while the app runs)
 * fail with a clear message instead.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'easel.lock');
  const holder = readHolder(lockPath);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new Error(
      `The embedded database in ${dataDir} is in use by process ${holder}. Stop that process first, or use DATABASE_URL=postgres://… for shared access.`,
    );
  }
  writeFileSync(lockPath, String(process.pid), { mode: 0o600 });
  return () => {
    if (readHolder(lockPath) === process.pid) rmSync(lockPath, { force: true });
  };
}

function readHolder(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
