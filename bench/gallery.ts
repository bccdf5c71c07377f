/**
 * Gallery benchmark (not a test): `npm run bench:gallery`.
 *
 * At each sandbox latency in BENCH_LATENCIES (0,100,300 ms added to every Box
 * call), in Debian's Chromium with a window tall enough for the whole first
 * page: a cold gallery view (a new browser; the server's thumbnail cache
 * emptied when this process started the instance) and BENCH_RUNS (3) warm
 * views (a new browser each, so only the server's caches help). Each is
 * timed from navigation start until every thumbnail has loaded; the sandbox's
 * request timeline gives the Box calls (thumbnails, listings, others) and the
 * serial round trips. The floor is the page without Box (warm at 0 ms) plus
 * one round trip.
 *
 * Uses BENCH_URL + BENCH_SANDBOX_URL when given; otherwise starts an isolated
 * production instance (BENCH_PORT, default 3620; EASEL_E2E_REUSE_BUILD=1
 * reuses its build) with 40 extra gallery files and stops it afterwards.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from '../playwright.config';
import { boxRequestsSince, describe, LATENCIES, percentile, serialChain, setLatency, startEasel, stop, type Instance } from './instance';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface GalleryView {
  ms: number;
  tiles: number;
  thumbnailCalls: number;
  listingCalls: number;
  otherCalls: number;
  serial: number;
  chain: string;
}

async function viewGallery(instance: Instance, browser: Browser): Promise<GalleryView> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 6000 } });
  const page = await context.newPage();
  const since = Date.now();
  await page.goto(`${instance.url}/`);
  await page.waitForFunction(
    () => {
      const images = [...document.querySelectorAll('main img')] as HTMLImageElement[];
      return images.length > 0 && images.every((image) => image.complete);
    },
    undefined,
    { timeout: 120_000, polling: 50 },
  );
  const { ms, tiles } = await page.evaluate(() => {
    const images = [...document.querySelectorAll('main img')] as HTMLImageElement[];
    const ends = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes('/thumbnail'))
      .map((entry) => entry.startTime + entry.duration);
    return { ms: Math.max(0, ...ends), tiles: images.length };
  });
  const until = Date.now();
  await context.close();
  const requests = await boxRequestsSince(instance, since);
  const done = requests.filter((request) => request.endedAt <= until);
  const chain = serialChain(done, until);
  const thumbnailCalls = done.filter((request) => request.path.includes('/thumbnail')).length;
  const listingCalls = done.filter((request) => /^\/2\.0\/folders\/[^/]+\/items/.test(request.path)).length;
  return { ms, tiles, thumbnailCalls, listingCalls, otherCalls: done.length - thumbnailCalls - listingCalls, serial: chain.length, chain: describe(chain) };
}

async function main(): Promise<void> {
  const instance = await startEasel(3620, 40);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const rows: Array<{ latencyMs: number; kind: 'cold' | 'warm'; views: GalleryView[] }> = [];
  try {
    for (const latencyMs of LATENCIES) {
      await setLatency(instance, latencyMs);
      if (instance.dataDir) rmSync(path.join(instance.dataDir, 'thumbnails'), { recursive: true, force: true });
      const cold = [await viewGallery(instance, browser)];
      const warm: GalleryView[] = [];
      for (let run = 0; run < RUNS; run += 1) warm.push(await viewGallery(instance, browser));
      rows.push({ latencyMs, kind: 'cold', views: cold }, { latencyMs, kind: 'warm', views: warm });
    }
    await setLatency(instance, 0);
    const base = rows.find((row) => row.latencyMs === 0 && row.kind === 'warm');
    const baseMs = base ? percentile(base.views.map((view) => view.ms), 50) : Number.NaN;
    const med = (views: GalleryView[], pick: (view: GalleryView) => number) => percentile(views.map(pick), 50);
    const lines = [
      `Gallery benchmark against ${instance.url} (sandbox), Chromium ${browser.version()}`,
      `navigation start → every thumbnail loaded; Box calls from the sandbox timeline (thumbnails / listings / other)`,
      `floor = gallery without Box (warm median at 0 ms: ${baseMs.toFixed(0)} ms) + 1 round trip`,
      `latency  view  runs  tiles  median ms  floor ms  ratio  thumbnail calls  listing calls  other calls  serial RTs`,
      ...rows.map((row) => {
        const ms = med(row.views, (view) => view.ms);
        const floor = baseMs + row.latencyMs;
        return [
          `${row.latencyMs} ms`.padStart(7),
          row.kind.padStart(5),
          String(row.views.length).padStart(5),
          String(med(row.views, (view) => view.tiles)).padStart(6),
          ms.toFixed(0).padStart(10),
          floor.toFixed(0).padStart(9),
          (ms / floor).toFixed(2).padStart(6),
          String(Math.max(...row.views.map((view) => view.thumbnailCalls))).padStart(16),
          String(med(row.views, (view) => view.listingCalls)).padStart(14),
          String(med(row.views, (view) => view.otherCalls)).padStart(12),
          String(med(row.views, (view) => view.serial)).padStart(11),
        ].join(' ');
      }),
      `warm gallery thumbnail calls (max over all warm views): ${Math.max(...rows.filter((row) => row.kind === 'warm').flatMap((row) => row.views.map((view) => view.thumbnailCalls)))} (target 0)`,
      `cold critical path at ${LATENCIES[LATENCIES.length - 1]} ms: ${rows.filter((row) => row.kind === 'cold').at(-1)?.views[0]?.chain ?? ''}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await browser.close();
    stop(instance);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
