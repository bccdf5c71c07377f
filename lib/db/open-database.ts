import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';
import { acquireDataDirLock } from './data-dir-lock';
import { makeDataDirPrivate } from './private-files';
import type { ChannelListener, ListenFn, OpenDatabase } from './database';
import { listenOnPostgres } from './pg-listener';
import * as schema from './schema';
import { log } from '../log';

export interface OpenDatabaseOptions {
  /** `postgres://…` selects PostgreSQL; otherwise embedded PGlite. */
  databaseUrl?: string;
  /** PGlite's data folder; omitted → in memory (tests). */
  dataDir?: string;
  migrationsFolder?: string;
  /** PGlite: how old a crashed process's lock must be before it is taken over (default 30 s). */
  lockStaleMs?: number;
}

const DEFAULT_MIGRATIONS_FOLDER = path.join(process.cwd(), 'lib', 'db', 'migrations');

/** An arbitrary constant: PostgreSQL's advisory lock id for Easel's migrations. */
const MIGRATION_LOCK_KEY = 7_453_901_128;

/** Hands out listeners and closes whichever are still open when the database closes. */
function listenerRegistry(open: ListenFn): { listen: ListenFn; closeAll(): Promise<void> } {
  const live = new Set<ChannelListener>();
  return {
    async listen(channel, onNotify) {
      const listener = await open(channel, onNotify);
      live.add(listener);
      return {
        get listening() {
          return listener.listening;
        },
        async close() {
          live.delete(listener);
          await listener.close();
        },
      };
    },
    async closeAll() {
      await Promise.all([...live].map((listener) => listener.close()));
      live.clear();
    },
  };
}

/** Opens the database and applies pending migrations before anyone uses it. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenDatabase> {
  const migrationsFolder = options.migrationsFolder ?? DEFAULT_MIGRATIONS_FOLDER;
  if (options.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    }
    const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle client whose connection the server ends (restart, failover, a dropped database)
    // is discarded by the pool; without a listener its 'error' event would crash the process.
    pool.on('error', (error) => log.warn({ event: 'db.idle_client_error', err: error }, 'database connection lost; the pool replaces it'));
    const db = drizzlePg({ client: pool, schema });
    try {
      // Several instances may start at once: one migrates, the others wait, then find nothing to do.
      const lock = await pool.connect();
      try {
        await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(db, { migrationsFolder });
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        lock.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    const databaseUrl = options.databaseUrl;
    const listeners = listenerRegistry((channel, onNotify) => listenOnPostgres(databaseUrl, channel, onNotify));
    return {
      db,
      dialect: 'postgres',
      listen: listeners.listen,
      close: async () => {
        await listeners.closeAll();
        await pool.end();
      },
    };
  }

  if (options.dataDir) makeDataDirPrivate(options.dataDir);
  const release = options.dataDir ? await acquireDataDirLock(options.dataDir, { staleMs: options.lockStaleMs }) : async () => {};
  try {
    const client = options.dataDir ? new PGlite(options.dataDir) : new PGlite();
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    // PGlite unpacks a fresh data folder with explicit 0666 modes; tighten them now.
    if (options.dataDir) makeDataDirPrivate(options.dataDir);
    // One in-process connection: NOTIFY from any query reaches its listeners, after commit.
    const listeners = listenerRegistry(async (channel, onNotify) => {
      const unlisten = await client.listen(channel, () => onNotify());
      return { listening: true, close: () => unlisten() };
    });
    return {
      db,
      dialect: 'pglite',
      listen: listeners.listen,
      close: async () => {
        await listeners.closeAll();
        await client.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
