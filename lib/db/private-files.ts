import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The embedded database's files (tables, WAL) hold share slugs, password
 * hashes and audit data: only the owner may read them. Files PostgreSQL
 * creates later follow the process umask, so it is narrowed to 077; files
 * PGlite unpacked with explicit modes (and those left by older versions) are
 * tightened by walking the folder (before opening and again once migrated).
 */
export function makeDataDirPrivate(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir);
}

function tighten(target: string): void {
  const stat = lstatSync(target);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    if ((stat.mode & 0o077) !== 0) chmodSync(target, 0o700);
    for (const entry of readdirSync(target)) tighten(path.join(target, entry));
  } else if ((stat.mode & 0o077) !== 0) {
    chmodSync(target, 0o600);
  }
}
