import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** The one database type the stores use: PGlite and node-postgres both satisfy it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseDialect = 'pglite' | 'postgres';

/** A LISTEN subscription on one channel. */
export interface ChannelListener {
  /** True while notifications can arrive (PostgreSQL: the listening connection is up). */
  readonly listening: boolean;
  close(): Promise<void>;
}

/**
 * Calls `onNotify` for each NOTIFY on `channel` (PostgreSQL delivers one raised
 * inside a transaction only when it commits). Also called after a lost
 * listening connection is back, as notifications may have been missed meanwhile.
 */
export type ListenFn = (channel: string, onNotify: () => void) => Promise<ChannelListener>;

export interface OpenDatabase {
  db: Database;
  dialect: DatabaseDialect;
  listen: ListenFn;
  close(): Promise<void>;
}
