import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPreviewLibrary } from '@/scripts/build-preview-lib';

describe('sandbox Preview library build', () => {
  it('writes preview.js, preview.css and pdf.js beside them, and skips work when nothing changed', async () => {
    const { outDir } = await buildPreviewLibrary({ force: true });
    for (const name of ['preview.js', 'preview.css', 'pdf.min.mjs', 'pdf.worker.min.mjs']) {
      expect((await stat(join(outDir, name))).size, name).toBeGreaterThan(1000);
    }
    const script = await readFile(join(outDir, 'preview.js'), 'utf8');
    expect(script).toContain('Preview');
    const again = await buildPreviewLibrary();
    expect(again.built).toBe(false);
  });
});
