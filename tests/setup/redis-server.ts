/**
 * A private redis-server (Debian's `redis-server`) on 127.0.0.1 and a free
 * port, in memory only, for the shared-state tests. Used by the Vitest global
 * setup and by the fleet end-to-end test, which also stops and restarts it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

export function redisServerBinary(): string | undefined {
  return CANDIDATES.find((file) => existsSync(file)) ?? (spawnSync('redis-server', ['--version']).status === 0 ? 'redis-server' : undefined);
}


function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGKILL when `abruptly`), keeping the port for `start`. */
  stop(abruptly?: boolean): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. `resume` thaws it. */
  pause(): void;
  resume(): void;
  /** Starts it again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  dispose(): Promise<void>;
}

export async function startRedisServer(options: { port?: number; password?: string } = {}): Promise<RedisServer> {
  const binary = redisServerBinary();
  if (!binary) throw new Error('redis-server is not installed (Debian package `redis-server`; .ci/run installs it).');
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'easel-test-redis-'));
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'];
    if (options.password) args.push('--requirepass', options.password);
    child = spawn(binary as string, args, { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (options.password ? await isListening(port) : await answersPing(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('redis-server did not start within 10 s');
  }

  async function stop(abruptly = false): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    running.kill('SIGCONT');
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(abruptly ? 'SIGKILL' : 'SIGTERM');
    await exited;
  }

  await start();
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    start,
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async stop(abruptly) {
      await stop(abruptly);
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };

  function isListening(p: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port: p });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }
}
