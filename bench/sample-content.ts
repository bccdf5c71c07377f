/**
 * How long the sandbox takes to generate its sample content from nothing,
 * and to confirm it on a warm start. Run: `npx tsx bench/sample-content.ts [runs]`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeMissingSampleContent } from '../lib/sandbox/sample-content';

async function timed(action: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const runs = Math.min(Math.max(Number(process.argv[2] ?? 3) || 3, 1), 10);
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const dir = await mkdtemp(join(tmpdir(), 'easel-bench-sample-'));
    try {
      cold.push(await timed(() => writeMissingSampleContent(dir)));
      warm.push(await timed(() => writeMissingSampleContent(dir)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(JSON.stringify({ runs, coldMedianMs: Math.round(median(cold)), warmMedianMs: Math.round(median(warm)), coldMs: cold.map(Math.round) }));
}

void main();
