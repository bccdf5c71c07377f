'use client';

import { useState } from 'react';
import styles from './thumbnail.module.css';

/** A lazily loaded thumbnail; when there is none, the file type on a plain tile. */
export function Thumbnail({ src, extension }: { src: string; extension: string }) {
  const [failed, setFailed] = useState(false);
  return (
    <span className={styles.frame}>
      {failed ? (
        <span className={styles.fallback} aria-hidden="true">
          {extension.toUpperCase() || 'FILE'}
        </span>
      ) : (
        // A 320 px thumbnail Easel proxies and caches itself; next/image would re-encode it.
        // eslint-disable-next-line @next/next/no-img-element
        <img className={styles.image} src={src} alt="" loading="lazy" decoding="async" width={320} height={320} onError={() => setFailed(true)} />
      )}
    </span>
  );
}
