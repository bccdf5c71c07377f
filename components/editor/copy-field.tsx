'use client';

import { useState } from 'react';
import styles from './copy-field.module.css';

/** A read-only URL with a copy button (the text stays selectable where the clipboard is blocked). */
export function CopyField({ value, label, compact = false, autoFocus = false }: { value: string; label: string; compact?: boolean; autoFocus?: boolean }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className={compact ? `${styles.field} ${styles.compact}` : styles.field}>
      <input className={styles.input} readOnly value={value} aria-label={label} autoFocus={autoFocus} onFocus={(event) => event.currentTarget.select()} />
      <button type="button" className="button secondary" onClick={copy} aria-live="polite">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
