'use client';

import { useEffect, useState } from 'react';

const FORMAT: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** A timestamp in the reader's own time zone (UTC until the browser takes over). */
export function LocalTime({ iso }: { iso: string }) {
  const [text, setText] = useState(() => new Intl.DateTimeFormat('en-GB', { ...FORMAT, timeZone: 'UTC' }).format(new Date(iso)) + ' UTC');
  useEffect(() => {
    setText(new Intl.DateTimeFormat(undefined, FORMAT).format(new Date(iso)));
  }, [iso]);
  return <time dateTime={iso}>{text}</time>;
}
