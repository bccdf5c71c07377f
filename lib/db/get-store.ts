import 'server-only';
import path from 'node:path';
import { getEnv } from '../config/env';
import { reconcileDemoEditor } from './demo-editor';
import { log } from '../log';
import { processSingleton, resetProcessSingleton } from '../process-singleton';
import type { ListenFn } from './database';
import { DataDirLockedError } from './data-dir-lock';
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

/**
 * At server start, with the embedded database: open it now, so a second server
 * on the same data folder stops at once with the lock's clear message instead
 * of running on with every database route failing. Other failures are left to
 * the lazy open, which retries on the next call.
 */
export async function openEmbeddedStoreAtStart(exit: (code: number) => never = process.exit): Promise<void> {
  if (getEnv().DATABASE_URL) return;
  try {
    await getStore();
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) return;
    log.fatal({ event: 'db.data_dir_locked' }, error.message);
    log.flush();
    exit(1);
  }
}
