'use client';

import { useState } from 'react';
import type { GalleryTile } from '@/lib/gallery/gallery-tiles';
import { Thumbnail } from '../gallery/thumbnail';
import { CreateLinkDialog, type ShareTarget } from './create-link-dialog';
import styles from './share-file-grid.module.css';

/** Gallery files as compact cards, each with a Share button. */
export function ShareFileGrid({ files, csrfToken }: { files: GalleryTile[]; csrfToken: string }) {
  const [target, setTarget] = useState<ShareTarget>();
  return (
    <>
      <ul className={styles.grid} aria-label="Gallery files">
        {files.map((file) => (
          <li key={file.id} className={styles.card} data-file-id={file.id}>
            <Thumbnail src={file.thumbnailUrl} extension={file.extension} />
            <span className={styles.name} title={file.name}>
              {file.name}
            </span>
            <div className={styles.buttons}>
              <a className="button secondary" href={file.href}>
                Open
              </a>
              <button type="button" className="button" onClick={() => setTarget({ id: file.id, name: file.name })} aria-label={`Share ${file.name}`}>
                Share
              </button>
            </div>
          </li>
        ))}
      </ul>
      {target ? (
        <CreateLinkDialog
          key={target.id}
          mode={{ kind: 'create', target }}
          others={files.filter((file) => file.id !== target.id).map((file) => ({ id: file.id, name: file.name }))}
          csrfToken={csrfToken}
          onClose={() => setTarget(undefined)}
        />
      ) : null}
    </>
  );
}
