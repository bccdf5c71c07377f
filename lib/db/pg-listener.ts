import { Client } from 'pg';
import { log } from '../log';
import type { ChannelListener } from './database';

export interface PgListenerOptions {
  /** First wait before reconnecting a lost listening connection; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * LISTEN on a dedicated connection (not a pool client: a pooled one is handed
 * to other queries and would drop the subscription). A lost connection (server
 * restart, failover, idle timeout) is replaced with backoff; each new
 * connection calls `onNotify` once, since notifications sent meanwhile are gone.
 * Resolves after the first attempt whether or not it connected: the caller
 * polls more often while `listening` is false.
 */
export async function listenOnPostgres(connectionString: string, channel: string, onNotify: () => void, options: PgListenerOptions = {}): Promise<ChannelListener> {
  const retryMs = options.retryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  let closed = false;
  let listening = false;
  let client: Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delay = retryMs;
  const identifier = `"${channel.replace(/"/g, '""')}"`;

  function scheduleReconnect(): void {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref?.();
    delay = Math.min(delay * 2, maxRetryMs);
  }

  function lost(current: Client, error?: Error): void {
    if (client !== current) return;
    client = undefined;
    if (listening) log.warn({ event: 'db.listen_lost', channel, error: error?.message }, 'listening connection lost; reconnecting');
    listening = false;
    current.removeAllListeners('notification');
    void current.end().catch(() => undefined);
    scheduleReconnect();
  }

  async function connect(): Promise<void> {
    if (closed) return;
    const current = new Client({ connectionString });
    client = current;
    // Without an 'error' listener a dropped connection would crash the process.
    current.on('error', (error) => lost(current, error));
    current.on('end', () => lost(current));
    current.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${identifier}`);
    } catch (error) {
      if (client === current) log.warn({ event: 'db.listen_failed', channel, error: (error as Error).message }, 'could not listen for notifications; retrying');
      lost(current, error as Error);
      return;
    }
    if (closed || client !== current) {
      await current.end().catch(() => undefined);
      return;
    }
    listening = true;
    delay = retryMs;
    onNotify();
  }

  await connect();
  return {
    get listening() {
      return listening;
    },
    async close() {
      closed = true;
      listening = false;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners('notification');
        await current.end().catch(() => undefined);
      }
    },
  };
}
