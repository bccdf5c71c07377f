'use client';

import Link from 'next/link';
import { useState } from 'react';
import { getJson } from '@/lib/client/api-client';
import type { GalleryTile } from '@/lib/gallery/gallery-tiles';
import { Thumbnail } from './thumbnail';
import styles from './gallery-grid.module.css';

interface GalleryGridProps {
  initialTiles: GalleryTile[];
  initialCursor: string | null;
}

/** The artwork grid; further pages load on demand, never the whole folder at once. */
export function GalleryGrid({ initialTiles, initialCursor }: GalleryGridProps) {
  const [tiles, setTiles] = useState(initialTiles);
  const [cursor, setCursor] = useState(initialCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(undefined);
    try {
      const page = await getJson<{ tiles: GalleryTile[]; nextCursor: string | null }>(`/api/gallery?cursor=${encodeURIComponent(cursor)}`);
      setTiles((current) => [...current, ...page.tiles.filter((tile) => !current.some((known) => known.id === tile.id))]);
      setCursor(page.nextCursor);
    } catch {
      setError('More artwork could not be loaded. Try again.');
    } finally {
      setLoading(false);
    }
  }

  return (
    <>
      <ul className={styles.grid} aria-label="Artwork">
        {tiles.map((tile) => (
          <li key={tile.id}>
            <Link className={styles.tile} href={tile.href} data-file-id={tile.id}>
              <Thumbnail src={tile.thumbnailUrl} extension={tile.extension} />
              <span className={styles.name}>{tile.name}</span>
            </Link>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="notice error" role="alert">
          {error}
        </p>
      ) : null}
      {cursor ? (
        <div className={styles.more}>
          <button type="button" className="button secondary" onClick={loadMore} disabled={loading}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </>
  );
}
