import type { BoxApi } from './box-api';
import { BoxRequestError } from './box-api';
import type { BoxFile, BoxRepresentation } from './types';

const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'gif', 'bmp', 'webp', 'tif', 'tiff', 'svg', 'heic']);
const DOCUMENT_EXTENSIONS = new Set(['pdf']);

export type ViewerKind = 'image' | 'document';

export function viewerKindOf(file: BoxFile): ViewerKind | undefined {
  const extension = (file.extension ?? '').toLowerCase();
  if (DOCUMENT_EXTENSIONS.has(extension)) return 'document';
  if (IMAGE_EXTENSIONS.has(extension)) return 'image';
  return undefined;
}

function areaOf(rep: BoxRepresentation): number {
  const [width, height] = (rep.properties?.dimensions ?? '0x0').split('x').map(Number);
  return (width ?? 0) * (height ?? 0);
}

/** The representation Preview shows: the PDF for documents, the largest non-thumbnail image for images. */
export function pickRepresentation(file: BoxFile, kind: ViewerKind): BoxRepresentation | undefined {
  const entries = file.representations?.entries ?? [];
  if (kind === 'document') return entries.find((rep) => rep.representation === 'pdf');
  return entries
    .filter((rep) => (rep.representation === 'jpg' || rep.representation === 'png') && rep.properties?.thumb !== 'true')
    .sort((a, b) => areaOf(b) - areaOf(a) || (a.representation === 'png' ? -1 : 1))[0];
}

/** The content URL: paged image representations name their first page asset. */
export function contentUrlOf(rep: BoxRepresentation): string {
  const template = rep.content?.url_template;
  if (!template) throw new BoxRequestError(0, 'error_missing_representation', 'The representation has no content URL.');
  const asset = rep.properties?.paged === 'true' ? `1.${rep.representation}` : '';
  return template.replace('{+asset_path}', asset);
}

const POLL_INTERVAL_MS = 1000;
const MAX_POLLS = 30;

/** Waits for a pending conversion, as Box's Preview polls `info.url`. */
export async function whenReady(rep: BoxRepresentation, api: BoxApi, isCancelled: () => boolean): Promise<void> {
  let state = rep.status?.state ?? 'success';
  for (let poll = 0; state !== 'success' && state !== 'viewable'; poll += 1) {
    if (state === 'error' || state === 'none') throw new BoxRequestError(0, 'error_conversion_failed', 'The file could not be converted.');
    if (poll >= MAX_POLLS || !rep.info?.url || isCancelled()) throw new BoxRequestError(0, 'error_conversion_timeout', 'The file took too long to convert.');
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    const info = new URL(rep.info.url);
    const status = await api.json<{ status?: { state?: string } }>(`${info.pathname}${info.search}`);
    state = status.status?.state ?? 'error';
  }
}
