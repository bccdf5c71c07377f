import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase } from '@/lib/db/open-database';
import type { OpenDatabase } from '@/lib/db/database';

export interface TestDatabase extends OpenDatabase {
  /** Closes the connection and drops anything the test created. */
  dispose(): Promise<void>;
  /** PostgreSQL only: the database's URL (for a second process). */
  url?: string;
}

/** Embedded PGlite in memory: a fresh, migrated database per call. */
export async function openPgliteTestDatabase(): Promise<TestDatabase> {
  const database = await openDatabase({});
  return { ...database, dispose: () => database.close() };
}

/**
 * TEST_DATABASE_URL: a PostgreSQL server where the user may CREATE DATABASE.
 * In CI it is required: the store tests must run on PostgreSQL there.
 */
export function testPostgresTarget(): { url?: string; required: boolean } {
  const url = process.env.TEST_DATABASE_URL?.trim() || undefined;
  const required = process.env.CI === 'true' || process.env.CI === '1';
  return { url, required };
}

/** A throwaway database on the PostgreSQL server, migrated, dropped on dispose. */
export async function openPostgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `easel_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...database,
    url: url.toString(),
    async dispose() {
      await database.close();
      const dropper = new Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
