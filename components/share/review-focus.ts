/**
 * Where focus goes once a reviewer has named themselves: the name form is
 * replaced by the review page on refresh, so it leaves a note here and the
 * review panel, when it mounts, takes focus (never left on <body>).
 * Kept in this browser tab's memory only; a stale note expires.
 */
const NOTE_TTL_MS = 15_000;
let namedAt: number | undefined;

export function noteReviewerNamed(): void {
  namedAt = Date.now();
}

/** True once, just after a reviewer named themselves. */
export function takeReviewerNamed(): boolean {
  const fresh = namedAt !== undefined && Date.now() - namedAt < NOTE_TTL_MS;
  namedAt = undefined;
  return fresh;
}
