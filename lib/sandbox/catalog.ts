/**
 * The sandbox's sample content: fixed ids so tests, docs and the gallery can
 * name files. The bytes are generated deterministically at first start.
 */
import { SANDBOX_GALLERY_FOLDER_ID } from '../config/sandbox-defaults';

export const ROOT_FOLDER_ID = '0';
export const ARTWORK_FOLDER_ID = SANDBOX_GALLERY_FOLDER_ID;
export const PRIVATE_FOLDER_ID = '200';

export type SampleFormat = 'jpg' | 'png' | 'pdf';

export interface SampleFile {
  id: string;
  name: string;
  folderId: string;
  format: SampleFormat;
  /** Pixel size for images; page size in points for the PDF. */
  width: number;
  height: number;
  /** The colour that covers most of the image (or of the PDF's first page). */
  dominantColor: string;
}

export interface SampleFolder {
  id: string;
  name: string;
  parentId: string;
}

export const SAMPLE_FOLDERS: readonly SampleFolder[] = [
  { id: ARTWORK_FOLDER_ID, name: 'Artwork', parentId: ROOT_FOLDER_ID },
  { id: PRIVATE_FOLDER_ID, name: 'Private', parentId: ROOT_FOLDER_ID },
];

const BASE_SAMPLE_FILES: readonly SampleFile[] = [
  { id: '1001', name: 'Sunset Over Dunes.jpg', folderId: ARTWORK_FOLDER_ID, format: 'jpg', width: 1600, height: 1000, dominantColor: '#d9692b' },
  { id: '1002', name: 'Harbour at Dawn.png', folderId: ARTWORK_FOLDER_ID, format: 'png', width: 1200, height: 900, dominantColor: '#2b6cb0' },
  { id: '1003', name: 'Forest Study.jpg', folderId: ARTWORK_FOLDER_ID, format: 'jpg', width: 4800, height: 3200, dominantColor: '#2f855a' },
  { id: '1004', name: 'Crimson Portrait.jpg', folderId: ARTWORK_FOLDER_ID, format: 'jpg', width: 900, height: 1200, dominantColor: '#b83232' },
  { id: '1005', name: 'Violet Hours.png', folderId: ARTWORK_FOLDER_ID, format: 'png', width: 2000, height: 2000, dominantColor: '#6b46c1' },
  { id: '1006', name: 'Golden Field.jpg', folderId: ARTWORK_FOLDER_ID, format: 'jpg', width: 3000, height: 1800, dominantColor: '#d69e2e' },
  { id: '1007', name: 'Teal Abstract.png', folderId: ARTWORK_FOLDER_ID, format: 'png', width: 800, height: 600, dominantColor: '#319795' },
  { id: '1008', name: 'Charcoal Sketch.jpg', folderId: ARTWORK_FOLDER_ID, format: 'jpg', width: 2400, height: 1600, dominantColor: '#4a4a4a' },
  { id: '1009', name: 'Exhibition Catalogue.pdf', folderId: ARTWORK_FOLDER_ID, format: 'pdf', width: 612, height: 792, dominantColor: '#f4efe6' },
  { id: '2001', name: 'Unreleased Draft.jpg', folderId: PRIVATE_FOLDER_ID, format: 'jpg', width: 1200, height: 800, dominantColor: '#805ad5' },
];

/** Most extra files SANDBOX_EXTRA_FILES may add. */
const MAX_EXTRA_FILES = 200;

const EXTRA_COLORS = ['#c05621', '#2c7a7b', '#553c9a', '#975a16', '#276749', '#9b2c2c', '#2a4365', '#702459'];

/**
 * Benchmarks and load tests need more gallery files than the samples:
 * SANDBOX_EXTRA_FILES=N adds N small PNGs to Artwork, ids 1101, 1102, ...
 * (read from process.env directly: this module is also bundled for browsers).
 */
function extraSampleFiles(count: number): SampleFile[] {
  const n = Number.isInteger(count) ? Math.min(Math.max(count, 0), MAX_EXTRA_FILES) : 0;
  return Array.from({ length: n }, (_, index) => ({
    id: String(1101 + index),
    name: `Study ${String(index + 1).padStart(3, '0')}.png`,
    folderId: ARTWORK_FOLDER_ID,
    format: 'png' as const,
    width: 640,
    height: 480,
    dominantColor: EXTRA_COLORS[index % EXTRA_COLORS.length]!,
  }));
}

const extraCount = typeof process === 'undefined' ? 0 : Number(process.env?.SANDBOX_EXTRA_FILES ?? 0);

export const SAMPLE_FILES: readonly SampleFile[] = [...BASE_SAMPLE_FILES, ...extraSampleFiles(extraCount)];

export function findSampleFile(id: string): SampleFile | undefined {
  return SAMPLE_FILES.find((file) => file.id === id);
}
