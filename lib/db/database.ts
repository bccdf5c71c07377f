import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** The one database type the stores use: PGlite and node-postgres both satisfy it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseDialect = 'pglite' | 'postgres';

export interface OpenDatabase {
  db: Database;
  dialect: DatabaseDialect;
  close(): Promise<void>;
}
