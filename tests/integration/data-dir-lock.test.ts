import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_NAME } from '@/lib/db/data-dir-lock';
import { openDatabase } from '@/lib/db/open-database';

/**
 * Issue 11, finding 4: the PGlite data-dir lock. Real processes race for it;
 * a killed holder's lock goes stale by its heartbeat; a graceful stop frees it.
 * The racers run in node itself with tsx's loader (the tsx binary is a wrapper
 * process, and kill -9 must hit the lock holder).
 */
const RACER = path.join(process.cwd(), 'tests', 'helpers', 'lock-racer.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'easel-lock-'));
  dirs.push(dir);
  return dir;
}

function startRacer(args: string[]): { child: ChildProcess; lines: string[]; waitFor(line: (text: string) => boolean, timeoutMs: number): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', RACER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  const waiters: { test: (text: string) => boolean; resolve: () => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (text) => {
    lines.push(text);
    for (const waiter of waiters.filter((w) => w.test(text))) waiter.resolve();
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return {
    child,
    lines,
    waitFor(test, timeoutMs) {
      if (lines.some(test)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`racer did not print the expected line in time; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ test, resolve: () => (clearTimeout(timer), resolve()) });
        child.once('exit', (code) => reject(new Error(`racer exited (${code}); stderr: ${stderr}`)));
      });
    },
  };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  }
});

afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('PGlite data-dir lock (issue 11, finding 4)', () => {
  it('two processes racing for the same folder 50 times: exactly one wins every time', async () => {
    const base = tempDir();
    const rounds = 50;
    // Both processes start (tsx takes a while) before the first round begins.
    const startAt = Date.now() + 8000;
    const racers = [0, 1].map(() => startRacer(['race', base, String(startAt), String(rounds), '40']));
    await Promise.all(racers.map((racer) => racer.waitFor((line) => line === 'done', 60_000)));
    const wins = Array.from({ length: rounds }, () => 0);
    for (const racer of racers) {
      for (const line of racer.lines.filter((text) => text.startsWith('{'))) {
        const { round, won } = JSON.parse(line) as { round: number; won: boolean };
        if (won) wins[round]! += 1;
      }
    }
    expect(wins).toEqual(Array.from({ length: rounds }, () => 1));
  }, 90_000);

  it('a second process gets a clear error while the first holds the folder, even long after it started', async () => {
    const dataDir = tempDir();
    const holder = startRacer(['hold', dataDir, '2000']);
    await holder.waitFor((line) => line === 'locked', 30_000);
    // Past the stale threshold: the holder's heartbeat keeps the lock fresh.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by another Easel process/);
  }, 60_000);

  it('a second app server on the same embedded database stops at start with that message (exit 1)', async () => {
    const easelDataDir = tempDir();
    const holder = startRacer(['hold', path.join(easelDataDir, 'db'), '2000']);
    await holder.waitFor((line) => line === 'locked', 30_000);
    const server = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'tests/helpers/instrumentation-child.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EASEL_DATA_DIR: easelDataDir, DATABASE_URL: '', REDIS_URL: '', NOTIFY_WORKER: '0', LOG_LEVEL: 'info', SESSION_SECRET: 's'.repeat(48) },
    });
    children.push(server);
    let output = '';
    server.stdout.on('data', (chunk) => (output += String(chunk)));
    server.stderr.on('data', (chunk) => (output += String(chunk)));
    const code = await new Promise<number | null>((resolve) => server.once('exit', (exitCode) => resolve(exitCode)));
    expect(output).toMatch(/in use by another Easel process/);
    expect(output).not.toContain('registered');
    expect(code).toBe(1);
  }, 90_000);

  it('a lock left by a killed process (kill -9) goes stale and is taken over; no pid involved', async () => {
    const dataDir = tempDir();
    const holder = startRacer(['hold', dataDir, '2000']);
    await holder.waitFor((line) => line === 'locked', 30_000);
    holder.child.kill('SIGKILL');
    await exited(holder.child);
    expect(existsSync(path.join(dataDir, LOCK_NAME))).toBe(true);
    await expect(acquireDataDirLock(dataDir, { staleMs: 2000 })).rejects.toThrow(/in use/);
    // The heartbeat stamps a time up to a second ahead (second-precision file systems).
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const release = await acquireDataDirLock(dataDir, { staleMs: 2000 });
    await release();
    expect(existsSync(path.join(dataDir, LOCK_NAME))).toBe(false);
  }, 60_000);

  it('a graceful stop (SIGTERM) releases the lock', async () => {
    const dataDir = tempDir();
    const holder = startRacer(['hold', dataDir]);
    await holder.waitFor((line) => line === 'locked', 30_000);
    expect(existsSync(path.join(dataDir, LOCK_NAME))).toBe(true);
    holder.child.kill('SIGTERM');
    await exited(holder.child);
    expect(existsSync(path.join(dataDir, LOCK_NAME))).toBe(false);
    const database = await openDatabase({ dataDir });
    await database.close();
    expect(existsSync(path.join(dataDir, LOCK_NAME))).toBe(false);
  }, 60_000);
});
