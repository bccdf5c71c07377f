/**
 * Builds Easel's sandbox Preview library (lib/sandbox-preview) into
 * public/platform/preview/<version>/en-US/, the path ContentPreview loads
 * `preview.js` and `preview.css` from, with pdf.js and its worker beside
 * them. The version is a hash of every input (`v-<12 hex>`), so a path's
 * bytes never change and are served `immutable` (next.config.js);
 * public/platform/preview/version.json names the current one for the server.
 * The last few versions stay, for pages still open on an older one. Skips
 * work when nothing changed since the last build; every file is written
 * under a temporary name then renamed, so concurrent runs are safe.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIR = join(ROOT, 'lib/sandbox-preview');
const PREVIEW_ROOT = join(ROOT, 'public/platform/preview');
/** Names the version the server hands ContentPreview (read by lib/loaders/preview-hosts.ts). */
export const PREVIEW_VERSION_FILE = join(PREVIEW_ROOT, 'version.json');
const PDFJS_DIR = join(ROOT, 'node_modules/pdfjs-dist');
/** Versions kept beside the current one. */
const KEEP_VERSIONS = 3;
/** pdf.js assets served beside preview.js, fetched only when a PDF is shown. */
const PDFJS_FILES = ['build/pdf.min.mjs', 'build/pdf.worker.min.mjs'];
const PDFJS_DIRS = ['standard_fonts', 'wasm'];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]))),
  );
  return nested.flat().sort();
}

/** Fingerprint of every input: sources, this script, and the pdf.js version. */
async function inputStamp(): Promise<string> {
  const hash = createHash('sha256');
  const inputs = [...(await filesUnder(SOURCE_DIR)), fileURLToPath(import.meta.url), join(PDFJS_DIR, 'package.json')];
  for (const file of inputs) {
    hash.update(relative(ROOT, file));
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

async function writeAtomically(target: string, contents: string | Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.tmp-${process.pid}`;
  await writeFile(temporary, contents);
  await rename(temporary, target);
}

async function copyAtomically(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.tmp-${process.pid}`;
  await copyFile(source, temporary);
  await rename(temporary, target);
}

async function isUpToDate(version: string, outDir: string): Promise<boolean> {
  try {
    const [current] = await Promise.all([readFile(PREVIEW_VERSION_FILE, 'utf8'), stat(join(outDir, 'preview.js'))]);
    return (JSON.parse(current) as { version?: unknown }).version === version;
  } catch {
    return false;
  }
}

/** Removes all but the newest KEEP_VERSIONS version folders. */
async function pruneOldVersions(): Promise<void> {
  const entries = await readdir(PREVIEW_ROOT, { withFileTypes: true });
  const versions = await Promise.all(
    entries.filter((entry) => entry.isDirectory()).map(async (entry) => ({ name: entry.name, at: (await stat(join(PREVIEW_ROOT, entry.name))).mtimeMs })),
  );
  for (const old of versions.sort((a, b) => b.at - a.at).slice(KEEP_VERSIONS)) await rm(join(PREVIEW_ROOT, old.name), { recursive: true, force: true });
}

export async function buildPreviewLibrary(options: { force?: boolean } = {}): Promise<{ built: boolean; outDir: string; version: string }> {
  const version = `v-${(await inputStamp()).slice(0, 12)}`;
  const PREVIEW_OUT_DIR = join(PREVIEW_ROOT, version, 'en-US');
  if (!options.force && (await isUpToDate(version, PREVIEW_OUT_DIR))) return { built: false, outDir: PREVIEW_OUT_DIR, version };

  const [script, styles] = await Promise.all([
    build({
      entryPoints: [join(SOURCE_DIR, 'index.ts')],
      bundle: true,
      format: 'iife',
      minify: true,
      target: ['chrome110', 'firefox110', 'safari16'],
      legalComments: 'none',
      write: false,
      logLevel: 'warning',
    }),
    build({ entryPoints: [join(SOURCE_DIR, 'preview.css')], bundle: true, minify: true, write: false, logLevel: 'warning' }),
  ]);
  await writeAtomically(join(PREVIEW_OUT_DIR, 'preview.js'), script.outputFiles[0]!.contents);
  await writeAtomically(join(PREVIEW_OUT_DIR, 'preview.css'), styles.outputFiles[0]!.contents);

  for (const file of PDFJS_FILES) await copyAtomically(join(PDFJS_DIR, file), join(PREVIEW_OUT_DIR, file.split('/').pop()!));
  for (const dir of PDFJS_DIRS) {
    for (const file of await filesUnder(join(PDFJS_DIR, dir))) {
      await copyAtomically(file, join(PREVIEW_OUT_DIR, dir, relative(join(PDFJS_DIR, dir), file)));
    }
  }
  await writeAtomically(PREVIEW_VERSION_FILE, JSON.stringify({ version }));
  await pruneOldVersions();
  return { built: true, outDir: PREVIEW_OUT_DIR, version };
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const started = performance.now();
  buildPreviewLibrary({ force: process.argv.includes('--force') })
    .then(({ built, outDir }) => {
      const ms = Math.round(performance.now() - started);
      console.log(`preview library ${built ? 'built' : 'up to date'} in ${relative(ROOT, outDir)} (${ms} ms)`);
    })
    .catch((error: unknown) => {
      console.error('preview library build failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
