/**
 * A notification worker in its own process, for the crash test: the test kills
 * it with SIGKILL mid-delivery and starts another.
 * Env: CHILD_DATABASE_URL (postgres://…) or CHILD_PGLITE_DIR, CHILD_SMTP_URL, CHILD_LEASE_MS.
 */
import { openDatabase } from '../../lib/db/open-database';
import { createStore } from '../../lib/db/store';
import { smtpMailer, testWorker } from './notify-harness';

async function main(): Promise<void> {
  const pgliteDir = process.env.CHILD_PGLITE_DIR;
  const database = await openDatabase(pgliteDir ? { dataDir: pgliteDir, lockStaleMs: 2000 } : { databaseUrl: process.env.CHILD_DATABASE_URL });
  const store = createStore(database.db);
  const worker = testWorker(store, smtpMailer(process.env.CHILD_SMTP_URL ?? ''), {
    // One delivery per pass, so "killed while the 5th mail is in flight" means the first four are recorded.
    batchSize: 1,
    leaseMs: Number(process.env.CHILD_LEASE_MS ?? 2000),
  }, true, Boolean(pgliteDir));
  worker.start();
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    void worker.stop().then(() => database.close()).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
