'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
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
  /** The first tile of the page just loaded: focus moves there (the button may be gone). */
  const [focusTileId, setFocusTileId] = useState<string>();
  const grid = useRef<HTMLUListElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!focusTileId) return;
    grid.current?.querySelector<HTMLElement>(`[data-file-id="${CSS.escape(focusTileId)}"]`)?.focus();
    setFocusTileId(undefined);
  }, [focusTileId, tiles]);

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(undefined);
    try {
      const page = await getJson<{ tiles: GalleryTile[]; nextCursor: string | null }>(`/api/gallery?cursor=${encodeURIComponent(cursor)}`);
      const fresh = page.tiles.filter((tile) => !tiles.some((known) => known.id === tile.id));
      setTiles((current) => [...current, ...fresh.filter((tile) => !current.some((known) => known.id === tile.id))]);
      setCursor(page.nextCursor);
      if (fresh[0]) setFocusTileId(fresh[0].id);
    } catch {
      setError('More artwork could not be loaded. Try again.');
      requestAnimationFrame(() => moreButton.current?.focus());
    } finally {
      setLoading(false);
    }
  }

  return (
    <>
      <ul ref={grid} className={styles.grid} aria-label="Artwork">
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
          <button ref={moreButton} type="button" className="button secondary" onClick={loadMore} disabled={loading}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </>
  );
}
