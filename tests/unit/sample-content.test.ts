import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FILES, findSampleFile } from '@/lib/sandbox/catalog';
import { fileDirOf, generatedNamesOf, representationsOf } from '@/lib/sandbox/content-layout';
import { ContentStore } from '@/lib/sandbox/content-store';
import { parseHexColor } from '@/lib/sandbox/sample-art';
import { ensureSampleContent, writeMissingSampleContent } from '@/lib/sandbox/sample-content';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'easel-sample-'));
  await ensureSampleContent(dataDir);
});

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

async function centrePixel(bytes: Buffer): Promise<number[]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return [data[offset]!, data[offset + 1]!, data[offset + 2]!];
}

function expectColourNear(actual: number[], hex: string, tolerance = 8): void {
  const expected = parseHexColor(hex);
  actual.forEach((channel, i) => expect(Math.abs(channel - expected[i]!)).toBeLessThanOrEqual(tolerance));
}

describe('sample content generation', () => {
  it('writes every catalog file and representation, and no temp files', async () => {
    for (const file of SAMPLE_FILES) {
      const names = await readdir(fileDirOf(dataDir, file.id));
      expect(names.sort()).toEqual(generatedNamesOf(file).sort());
    }
  });

  it('makes images of the catalog size, format and dominant colour', async () => {
    for (const file of SAMPLE_FILES.filter((f) => f.format !== 'pdf')) {
      const bytes = await readFile(join(fileDirOf(dataDir, file.id), `original.${file.format}`));
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe(file.format === 'jpg' ? 'jpeg' : 'png');
      expect([meta.width, meta.height]).toEqual([file.width, file.height]);
      expectColourNear(await centrePixel(bytes), file.dominantColor);
    }
    const forest = findSampleFile('1003')!;
    expect(forest.width).toBeGreaterThanOrEqual(4000);
  });

  it('fits representations in their bounding boxes without enlarging', async () => {
    for (const file of SAMPLE_FILES.filter((f) => f.format !== 'pdf')) {
      for (const rep of representationsOf(file)) {
        const bytes = await readFile(join(fileDirOf(dataDir, file.id), rep.fileName));
        const meta = await sharp(bytes).metadata();
        const box = Number(rep.dimensions!.split('x')[0]);
        expect(meta.format).toBe(rep.representation === 'jpg' ? 'jpeg' : 'png');
        expect(Math.max(meta.width, meta.height)).toBe(Math.min(box, Math.max(file.width, file.height)));
        expectColourNear(await centrePixel(bytes), file.dominantColor, 12);
      }
    }
  });

  it('makes a three-page PDF and first-page-coloured thumbnails for it', async () => {
    const dir = fileDirOf(dataDir, '1009');
    const pdf = await readFile(join(dir, 'original.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(3);
    expect(doc.getPage(0).getSize()).toEqual({ width: 612, height: 792 });
    const thumb = await readFile(join(dir, 'thumb_320.png'));
    const meta = await sharp(thumb).metadata();
    expect([meta.width, meta.height]).toEqual([247, 320]);
    expectColourNear(await centrePixel(thumb), findSampleFile('1009')!.dominantColor);
  });

  it('regenerates identical bytes for missing files', async () => {
    const victims = ['1003', '1009'];
    const before = new Map<string, string>();
    for (const id of victims) {
      const dir = fileDirOf(dataDir, id);
      for (const name of await readdir(dir)) before.set(`${id}/${name}`, sha1(await readFile(join(dir, name))));
      await rm(join(dir, `original.${findSampleFile(id)!.format}`), { force: true });
    }
    await writeMissingSampleContent(dataDir);
    for (const [key, hash] of before) {
      const [id, name] = key.split('/') as [string, string];
      expect(sha1(await readFile(join(fileDirOf(dataDir, id), name))), key).toBe(hash);
    }
  });

  it('reports sizes and sha1s computed from the bytes', async () => {
    const store = await ContentStore.load(dataDir);
    const file = store.file('1002')!;
    const bytes = await readFile(join(fileDirOf(dataDir, '1002'), 'original.png'));
    expect(file).toMatchObject({ size: bytes.length, sha1: sha1(bytes), versionId: '91002', extension: 'png', parentId: '100' });
    expect(store.ancestorsOf(file).map((f) => f.name)).toEqual(['All Files', 'Artwork']);
    expect(store.childrenOf('100').map((item) => item.id)).toHaveLength(9);
  });
});
