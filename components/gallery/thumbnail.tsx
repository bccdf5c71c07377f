'use client';

import { useEffect, useState } from 'react';
import styles from './thumbnail.module.css';

/** Box may still be generating a thumbnail (the proxy answers 503 + Retry-After): try again a few times. */
const RETRIES = 3;
const RETRY_DELAY_MS = 4_000;

function withAttempt(src: string, attempt: number): string {
  if (attempt === 0) return src;
  return `${src}${src.includes('?') ? '&' : '?'}attempt=${attempt}`;
}

/** A lazily loaded thumbnail; while there is none (yet), the file type on a plain tile. */
export function Thumbnail({ src, extension }: { src: string; extension: string }) {
  const [attempt, setAttempt] = useState(0);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!failed || attempt >= RETRIES) return;
    const timer = setTimeout(() => {
      setAttempt((current) => current + 1);
      setFailed(false);
    }, RETRY_DELAY_MS);
    return () => clearTimeout(timer);
  }, [failed, attempt]);
  return (
    <span className={styles.frame}>
      {failed ? (
        <span className={styles.fallback} aria-hidden="true">
          {extension.toUpperCase() || 'FILE'}
        </span>
      ) : (
        // A 320 px thumbnail Easel proxies and caches itself; next/image would re-encode it.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          className={styles.image}
          src={withAttempt(src, attempt)}
          alt=""
          loading="lazy"
          decoding="async"
          width={320}
          height={320}
          onError={() => setFailed(true)}
        />
      )}
    </span>
  );
}
