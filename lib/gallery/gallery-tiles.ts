import type { GalleryFile } from '../box/types';

/** What the gallery grid shows for a file (no Box shapes reach the browser). */
export interface GalleryTile {
  id: string;
  name: string;
  extension: string;
  thumbnailUrl: string;
  href: string;
}

export function thumbnailUrlOf(file: Pick<GalleryFile, 'id' | 'versionId'>): string {
  return `/api/files/${encodeURIComponent(file.id)}/thumbnail?v=${encodeURIComponent(file.versionId)}`;
}

export function toGalleryTiles(files: readonly GalleryFile[]): GalleryTile[] {
  return files.map((file) => ({
    id: file.id,
    name: file.name,
    extension: file.extension.toLowerCase(),
    thumbnailUrl: thumbnailUrlOf(file),
    href: `/files/${encodeURIComponent(file.id)}`,
  }));
}
