/**
 * Notification latency benchmark (not a test): `npm run bench:notify`.
 *
 * Event → mail accepted by a real SMTP server on 127.0.0.1 (smtp-server),
 * through the production path: the event is written in a transaction (as a
 * cause would), whose commit NOTIFYs the worker (default settings: LISTEN
 * wake-up, 5 s fallback poll, pooled nodemailer transport); it claims the event
 * with FOR UPDATE SKIP LOCKED, renders and sends it. BENCH_LISTEN=0 leaves the
 * wake-up out (the 500 ms poll alone), for comparison.
 * BENCH_EVENTS (100) events, one at a time, each timed from before its
 * transaction to the server's acceptance. Embedded PGlite by default;
 * BENCH_DATABASE_URL=postgres://… for PostgreSQL. Bounded by BENCH_MAX_SECONDS (120).
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createSealer } from '../lib/crypto/seal';
import { openDatabase } from '../lib/db/open-database';
import { createStore } from '../lib/db/store';
import { commentEvent } from '../lib/notify/events';
import { createSmtpMailer } from '../lib/notify/mailer';
import { createNotificationWorker } from '../lib/notify/worker';
import { startSmtpSink } from '../tests/helpers/smtp-sink';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 120);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const database = await openDatabase(databaseUrl ? { databaseUrl } : {});
  const store = createStore(database.db);
  const smtp = await startSmtpSink();
  const editor = await store.editors.create({ email: `bench-${Date.now()}@example.test`, passwordHash: 'x' });
  const link = await store.links.create({ slug: `bench-${Date.now()}`, fileId: '1001', role: 'annotator', allowDownload: false, expiresAt: null, passwordHash: null, label: 'Bench', createdBy: editor!.id });
  await store.notifications.setEmailMode(link.id, editor!.id, 'every');
  const worker = createNotificationWorker({
    store,
    mailer: createSmtpMailer(smtp.url, 'Easel <bench@easel.test>'),
    fileNames: async (ids) => new Map(ids.map((id) => [id, `Artwork ${id}.png`])),
    appUrl: 'http://localhost:3000',
    secrets: createSealer('bench-secret-bench-secret-bench-secret', 'webhook-secret'),
    targetPolicy: { allowPrivate: false },
    listen: process.env.BENCH_LISTEN === '0' ? undefined : database.listen,
  });
  worker.start();

  const latencies: number[] = [];
  const deadline = performance.now() + MAX_SECONDS * 1000;
  for (let index = 0; index < EVENTS && performance.now() < deadline; index += 1) {
    const started = performance.now();
    await store.transaction((tx) => tx.notifications.emit(commentEvent({ linkId: link.id, fileId: '1001', commentId: `bench-${Date.now()}-${index}`, reviewerName: 'Bench', message: `Comment ${index}` })));
    await smtp.waitFor(index + 1, 30_000);
    latencies.push(smtp.received[index]!.acceptedAt - (performance.timeOrigin + started));
  }
  await worker.stop();
  await smtp.close();
  await database.close();

  const sorted = [...latencies].sort((a, b) => a - b);
  const duplicates = [...smtp.countsByKey().values()].filter((count) => count > 1).length;
  const wakeUp = process.env.BENCH_LISTEN === '0' ? 'poll only (BENCH_LISTEN=0)' : 'LISTEN/NOTIFY wake-up';
  console.log(`bench:notify — ${databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}, ${wakeUp}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}`);
  console.log(`events: ${latencies.length}, mails accepted: ${smtp.received.length}, duplicate keys: ${duplicates}`);
  console.log(`event → mail accepted (ms): median ${percentile(sorted, 50).toFixed(0)}, p90 ${percentile(sorted, 90).toFixed(0)}, min ${sorted[0]!.toFixed(0)}, max ${sorted.at(-1)!.toFixed(0)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
