import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { contentIdOf, SAMPLE_FILES, type SampleFile } from './catalog';
import {
  IMAGE_REP_SIZES,
  THUMBNAIL_SIZES,
  fileDirOf,
  generatedNamesOf,
  originalNameOf,
  thumbnailNameOf,
} from './content-layout';
import { artworkSvg, pdfCoverSvg } from './sample-art';
import { samplePdfBytes } from './sample-pdf';

/**
 * Generates the sample files and their representations under
 * `<dataDir>/content/<version>/<fileId>/`, once. Every write goes to a unique
 * temp name and is renamed into place, so processes sharing a data dir (vitest
 * runs test files in parallel) never see a half-written file; they may both
 * generate, but the bytes are identical.
 */

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}

const JPEG = { quality: 86, chromaSubsampling: '4:2:0' } as const;
const PNG = { compressionLevel: 6, adaptiveFiltering: false } as const;

async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function fromRaw(raw: Raw) {
  return sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } });
}

async function rasterize(svg: string): Promise<Raw> {
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Fits inside a size x size box, never enlarging (as Box's representations do). */
async function shrink(raw: Raw, size: number): Promise<Raw> {
  const { data, info } = await fromRaw(raw)
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const encodeJpg = (raw: Raw) => fromRaw(raw).jpeg(JPEG).toBuffer();
const encodePng = (raw: Raw) => fromRaw(raw).png(PNG).toBuffer();

/** Thumbnails (jpg and png at each Box size) from a raster no smaller than 320 px. */
async function thumbnailOutputs(source: Raw): Promise<Array<[string, Buffer]>> {
  const outputs: Array<[string, Buffer]> = [];
  for (const size of [...THUMBNAIL_SIZES].reverse()) {
    const thumb = await shrink(source, size);
    outputs.push([thumbnailNameOf('jpg', size), await encodeJpg(thumb)]);
    outputs.push([thumbnailNameOf('png', size), await encodePng(thumb)]);
  }
  return outputs;
}

async function imageOutputs(file: SampleFile): Promise<Array<[string, Uint8Array]>> {
  const original = await rasterize(artworkSvg(file));
  const outputs: Array<[string, Uint8Array]> = [
    [originalNameOf(file), file.format === 'png' ? await encodePng(original) : await encodeJpg(original)],
  ];
  // Largest first, each step shrinking the previous one: far cheaper than resizing the original each time.
  let source = original;
  for (const size of [...IMAGE_REP_SIZES].reverse()) {
    source = await shrink(source, size);
    outputs.push([`jpg_${size}.jpg`, await encodeJpg(source)]);
    outputs.push([`png_${size}.png`, await encodePng(source)]);
  }
  outputs.push(...(await thumbnailOutputs(source)));
  return outputs;
}

async function pdfOutputs(file: SampleFile): Promise<Array<[string, Uint8Array]>> {
  const scale = 1024 / Math.max(file.width, file.height);
  const cover = await rasterize(
    pdfCoverSvg({ ...file, width: Math.round(file.width * scale), height: Math.round(file.height * scale) }),
  );
  return [
    [originalNameOf(file), await samplePdfBytes(file)],
    ['jpg_1024.jpg', await encodeJpg(cover)],
    ...(await thumbnailOutputs(cover)),
  ];
}

async function ensureFile(dataDir: string, file: SampleFile): Promise<void> {
  const dir = fileDirOf(dataDir, contentIdOf(file));
  const present = await Promise.all(generatedNamesOf(file).map((name) => exists(join(dir, name))));
  if (present.every(Boolean)) return;
  await mkdir(dir, { recursive: true });
  const outputs = file.format === 'pdf' ? await pdfOutputs(file) : await imageOutputs(file);
  await Promise.all(outputs.map(([name, bytes]) => writeAtomic(join(dir, name), bytes)));
}

/** Writes whatever sample files or representations are missing under `dataDir`. */
export async function writeMissingSampleContent(dataDir: string): Promise<void> {
  // One file at a time: the 4800x3200 raster alone is 46 MB.
  const seen = new Set<string>();
  for (const file of SAMPLE_FILES) {
    if (seen.has(contentIdOf(file))) continue; // extras share eight images
    seen.add(contentIdOf(file));
    await ensureFile(dataDir, file);
  }
}

const pending = new Map<string, Promise<void>>();

/** Makes sure every sample file and representation exists under `dataDir` (once per process). */
export function ensureSampleContent(dataDir: string): Promise<void> {
  const key = resolve(dataDir);
  let promise = pending.get(key);
  if (!promise) {
    promise = writeMissingSampleContent(key);
    promise.catch(() => pending.delete(key));
    pending.set(key, promise);
  }
  return promise;
}
