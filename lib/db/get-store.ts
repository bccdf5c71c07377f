import 'server-only';
import path from 'node:path';
import { getEnv } from '../config/env';
import { reconcileDemoEditor } from './demo-editor';
import { log } from '../log';
import { processSingleton, resetProcessSingleton } from '../process-singleton';
import type { ListenFn } from './database';
import { openDatabase } from './open-database';
import { createStore, type Store } from './store';

interface OpenedStore {
  store: Store;
  listen: ListenFn;
}

async function openStore(): Promise<OpenedStore> {
  const env = getEnv();
  const started = Date.now();
  const { db, dialect, listen } = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : path.join(env.EASEL_DATA_DIR, 'db'),
  });
  const store = createStore(db, { digestWindowMs: env.NOTIFY_DIGEST_SECONDS * 1000 });
  await reconcileDemoEditor(store, env);
  log.info({ event: 'db.ready', dialect, ms: Date.now() - started }, 'database ready (migrations applied)');
  return { store, listen };
}

function openedStore(): Promise<OpenedStore> {
  return processSingleton('db.store', () =>
    openStore().catch((error: unknown) => {
      resetProcessSingleton('db.store');
      throw error;
    }),
  );
}

/**
 * The process-wide store (PGlite must be opened exactly once per process); the
 * first call opens the database and migrates it, and a failed open is retried
 * on the next call.
 */
export async function getStore(): Promise<Store> {
  return (await openedStore()).store;
}

/** LISTEN on the process's database (the notification worker's wake-up). */
export async function getDatabaseListen(): Promise<ListenFn> {
  return (await openedStore()).listen;
}
