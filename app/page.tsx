import { connection } from 'next/server';
import { GalleryGrid } from '@/components/gallery/gallery-grid';
import { listGalleryPage } from '@/lib/box/folders';
import { warmThumbnails } from '@/lib/gallery/gallery-thumbnail';
import { toGalleryTiles } from '@/lib/gallery/gallery-tiles';
import styles from './gallery.module.css';

export default async function GalleryPage() {
  await connection();
  const page = await listGalleryPage();
  warmThumbnails(page.files);
  return (
    <section>
      <div className={styles.heading}>
        <h1 className="page-title">Gallery</h1>
        <p className={styles.lead}>Open a piece to look closely and zoom in on the details.</p>
      </div>
      {page.files.length === 0 ? (
        <p className="notice">There is no artwork in the gallery yet.</p>
      ) : (
        <GalleryGrid initialTiles={toGalleryTiles(page.files)} initialCursor={page.nextCursor ?? null} />
      )}
    </section>
  );
}
