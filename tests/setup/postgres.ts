/**
 * Vitest global setup: unless TEST_DATABASE_URL is given, start a private
 * PostgreSQL cluster on 127.0.0.1 from Debian's `postgresql` binaries for the
 * store tests, and stop it afterwards. Without the binaries the PostgreSQL
 * store tests report that they did not run (and fail in CI).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

const PG_ROOT = '/usr/lib/postgresql';

function postgresBinDir(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT)
    .filter((name) => existsSync(path.join(PG_ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(PG_ROOT, versions[0], 'bin') : undefined;
}


/** PostgreSQL refuses to run as root: run its tools as the `postgres` user then. */
function runPg(bin: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [command, commandArgs] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${path.basename(bin)} failed: ${result.stderr.toString().trim()}`);
}

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env.TEST_DATABASE_URL) return undefined;
  const bin = postgresBinDir();
  if (!bin) return undefined;

  const dir = mkdtempSync(path.join(tmpdir(), 'easel-test-pg-'));
  chmodSync(dir, 0o700);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  runPg(path.join(bin, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'easel']);
  runPg(path.join(bin, 'pg_ctl'), [
    '-D', dataDir, '-l', path.join(dir, 'server.log'), '-w', 'start',
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
  ]);
  process.env.TEST_DATABASE_URL = `postgres://easel@127.0.0.1:${port}/postgres`;

  return () => {
    try {
      runPg(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
