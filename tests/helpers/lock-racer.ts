/**
 * A separate process for the data-dir lock tests. Modes:
 * - `race <baseDir> <startAtMs> <rounds> <gapMs>`: at startAt + i*gap tries to
 *   lock `<baseDir>/round-<i>`, prints `{"round":i,"won":bool}` per round,
 *   keeps every lock it won, prints `done`, then waits to be stopped.
 * - `hold <dataDir> [staleMs]`: locks the folder, prints `locked`, waits.
 */
import path from 'node:path';
import { acquireDataDirLock } from '../../lib/db/data-dir-lock';

async function race(baseDir: string, startAt: number, rounds: number, gapMs: number): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    const wait = startAt + round * gapMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    let won = false;
    try {
      await acquireDataDirLock(path.join(baseDir, `round-${round}`));
      won = true;
    } catch {
      won = false;
    }
    process.stdout.write(`${JSON.stringify({ round, won })}\n`);
  }
  process.stdout.write('done\n');
}

async function main(): Promise<void> {
  const [mode, dir, ...rest] = process.argv.slice(2);
  if (!dir) throw new Error('usage: lock-racer <race|hold> <dir> …');
  if (mode === 'race') {
    await race(dir, Number(rest[0]), Number(rest[1]), Number(rest[2]));
  } else {
    await acquireDataDirLock(dir, rest[0] ? { staleMs: Number(rest[0]) } : {});
    process.stdout.write('locked\n');
  }
  setInterval(() => {}, 60_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
