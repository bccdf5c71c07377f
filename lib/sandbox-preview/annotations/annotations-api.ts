import type { BoxApi } from '../box-api';
import type { BoxFile } from '../types';

/** A point annotation as the viewer draws it. x and y are percentages of the page. */
export interface PointAnnotation {
  id: string;
  message: string;
  authorName: string;
  createdAt: string;
  page: number;
  x: number;
  y: number;
  canDelete: boolean;
}

interface WireAnnotation {
  id: string;
  description?: { message?: string };
  created_by?: { name?: string };
  created_at?: string;
  permissions?: { can_delete?: boolean };
  target?: { type?: string; location?: { value?: number }; x?: number; y?: number };
}

const PATH = '/2.0/undoc/annotations';
const PAGE_SIZE = 1000;
/** Bounds the listing loop whatever the server answers. */
const MAX_PAGES = 10;

function toPoint(wire: WireAnnotation): PointAnnotation | undefined {
  const target = wire.target;
  if (target?.type !== 'point' || typeof target.x !== 'number' || typeof target.y !== 'number') return undefined;
  return {
    id: wire.id,
    message: wire.description?.message ?? '',
    authorName: wire.created_by?.name ?? 'Someone',
    createdAt: wire.created_at ?? '',
    page: target.location?.value ?? 1,
    x: target.x,
    y: target.y,
    canDelete: wire.permissions?.can_delete === true,
  };
}

export async function listAnnotations(api: BoxApi, file: BoxFile): Promise<PointAnnotation[]> {
  const annotations: PointAnnotation[] = [];
  let marker: string | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = new URLSearchParams({ file_id: file.id, limit: String(PAGE_SIZE) });
    if (file.file_version?.id) query.set('file_version_id', file.file_version.id);
    if (marker) query.set('marker', marker);
    const body = await api.json<{ entries: WireAnnotation[]; next_marker?: string | null }>(`${PATH}?${query}`);
    for (const wire of body.entries) {
      const point = toPoint(wire);
      if (point) annotations.push(point);
    }
    marker = body.next_marker ?? null;
    if (!marker) break;
  }
  return annotations;
}

export async function createAnnotation(
  api: BoxApi,
  file: BoxFile,
  input: { page: number; x: number; y: number; message: string },
): Promise<PointAnnotation> {
  const wire = await api.json<WireAnnotation>(PATH, {
    method: 'POST',
    // The body box-ui-elements' Annotations API sends: the file is named by its version only.
    body: {
      description: { type: 'reply', message: input.message },
      file_version: { type: 'file_version', id: file.file_version?.id ?? '' },
      target: { type: 'point', location: { type: 'page', value: input.page }, x: input.x, y: input.y },
    },
  });
  const point = toPoint(wire);
  if (!point) throw new Error('The server answered with an unexpected annotation.');
  return point;
}

export async function deleteAnnotation(api: BoxApi, id: string): Promise<void> {
  await api.json<void>(`${PATH}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
