/**
 * Access-check benchmark for a large gallery (not a test): `npm run bench:access`.
 *
 * An in-process sandbox whose gallery folder holds BENCH_FOLDER_FILES (20 000)
 * extra files (sharing eight generated images), Box latency BENCH_LATENCY_MS
 * (100). BENCH_CHECKS (300) files spread over the whole folder are checked
 * twice through the access policy, 10 at a time: the first pass costs at
 * most one Box call per file (plus one listing page of 1 000, never the
 * whole folder), the second, within the cache lifetime, none.
 */
import { performance } from 'node:perf_hooks';

const FOLDER_FILES = Number(process.env.BENCH_FOLDER_FILES ?? 20_000);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 300);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const DATA_DIR = '.data/bench-sandbox';

interface Logged {
  method: string;
  path: string;
}

async function main(): Promise<void> {
  process.env.SANDBOX_EXTRA_FILES = String(FOLDER_FILES);
  process.env.LOG_LEVEL ??= 'warn';
  const { createSandbox } = await import('../lib/sandbox/server');
  const { ARTWORK_FOLDER_ID, FIRST_EXTRA_FILE_ID } = await import('../lib/sandbox/catalog');
  const { sandboxCredentials } = await import('../lib/box/credentials');
  const { createBoxConnection } = await import('../lib/box/connection');
  const { createFileReader } = await import('../lib/box/files');
  const { readFolderFileIds } = await import('../lib/box/folder-file-ids');
  const { createAccessPolicy } = await import('../lib/access/gallery-policy');
  const path = await import('node:path');

  const sandbox = await createSandbox({ host: '127.0.0.1', port: 0, dataDir: DATA_DIR, allowedOrigins: [] });
  const control = (method: string, name: string, body?: unknown) =>
    fetch(`${sandbox.url}/_sandbox/${name}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) }).then((response) => response.json());
  try {
    const connection = createBoxConnection(sandboxCredentials(path.resolve(DATA_DIR), sandbox.url));
    await connection.auth.current(); // the parent token is not what this measures
    await control('POST', 'faults', { latencyMs: LATENCY_MS });
    const policy = createAccessPolicy({ files: createFileReader(connection), listFolder: (id) => readFolderFileIds(connection, id) }, { galleryFolderIds: [ARTWORK_FOLDER_ID] });
    const step = Math.floor(FOLDER_FILES / CHECKS);
    const ids = Array.from({ length: CHECKS }, (_, index) => String(FIRST_EXTRA_FILE_ID + index * step));
    const pass = async () => {
      const since = Date.now();
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (next < ids.length) await policy.assertGalleryFile(ids[next++]!);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const { requests } = (await control('GET', `requests?since=${since}`)) as { requests: Logged[] };
      const files = requests.filter((request) => /^\/2\.0\/files\/\d+$/.test(request.path)).length;
      const listings = requests.filter((request) => request.path.startsWith('/2.0/folders/')).length;
      return { seconds, calls: requests.length, files, listings };
    };
    const cold = await pass();
    const warm = await pass();
    console.log(`Access check, gallery folder of ${FOLDER_FILES + 9} files, ${CHECKS} files spread over it, ${LATENCY_MS} ms Box latency`);
    console.log(`  first pass   ${cold.calls} Box calls (${cold.files} file reads, ${cold.listings} listing pages of 1 000): ${(cold.calls / CHECKS).toFixed(2)} per file, ${cold.seconds.toFixed(1)} s`);
    console.log(`  second pass  ${warm.calls} Box calls within the cache lifetime, ${warm.seconds.toFixed(2)} s`);
    const met = (cold.files <= CHECKS && cold.listings <= 1 && warm.calls === 0);
    console.log(`  target ≤ 1 Box call per file per cache lifetime (+1 shared listing page): ${met ? 'met' : 'MISSED'}`);
    if (!met) process.exitCode = 1;
  } finally {
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
