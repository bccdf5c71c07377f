import 'server-only';
import path from 'node:path';
import { getEnv } from '../config/env';
import { reconcileDemoEditor } from '../editors/demo-editor';
import { log } from '../log';
import { openDatabase } from './open-database';
import { createStore, type Store } from './store';

// On globalThis: Next may load this module once per bundle (pages, routes,
// proxy) in one process, and PGlite must be opened exactly once.
const g = globalThis as unknown as { __easelStore?: Promise<Store> };

async function openStore(): Promise<Store> {
  const env = getEnv();
  const started = Date.now();
  const { db, dialect } = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : path.join(env.EASEL_DATA_DIR, 'db'),
  });
  const store = createStore(db);
  await reconcileDemoEditor(store, env);
  log.info({ event: 'db.ready', dialect, ms: Date.now() - started }, 'database ready (migrations applied)');
  return store;
}

/** The process-wide store; the first call opens the database and migrates it. */
export function getStore(): Promise<Store> {
  g.__easelStore ??= openStore().catch((error: unknown) => {
    g.__easelStore = undefined;
    throw error;
  });
  return g.__easelStore;
}
