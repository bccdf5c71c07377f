import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPreviewLibrary, PREVIEW_VERSION_FILE } from '@/scripts/build-preview-lib';

describe('sandbox Preview library build', () => {
  it('writes preview.js, preview.css and pdf.js beside them, and skips work when nothing changed', async () => {
    const { outDir, version } = await buildPreviewLibrary({ force: true });
    // A content-addressed path (served immutable), named for the server in version.json.
    expect(version).toMatch(/^v-[0-9a-f]{12}$/);
    expect(outDir.endsWith(join('platform', 'preview', version, 'en-US'))).toBe(true);
    expect(JSON.parse(await readFile(PREVIEW_VERSION_FILE, 'utf8'))).toEqual({ version });
    for (const name of ['preview.js', 'preview.css', 'pdf.min.mjs', 'pdf.worker.min.mjs']) {
      expect((await stat(join(outDir, name))).size, name).toBeGreaterThan(1000);
    }
    const script = await readFile(join(outDir, 'preview.js'), 'utf8');
    expect(script).toContain('Preview');
    const again = await buildPreviewLibrary();
    expect(again.built).toBe(false);
    expect(again.version).toBe(version);
  });
});
