import { randomBytes } from 'node:crypto';

/**
 * Box answers a download with 302 to a short-lived URL on dl.boxcloud.com
 * that needs no token. The sandbox's are `/d/1/<ticket>/download`, each
 * valid for 15 minutes (reusable, as Box's are, until then).
 */
export const DOWNLOAD_TICKET_TTL_MS = 15 * 60 * 1000;
const MAX_TICKETS = 10_000;

export class DownloadLinks {
  private readonly tickets = new Map<string, { fileId: string; expiresAt: number }>();

  constructor(private readonly now: () => number) {}

  issue(baseUrl: string, fileId: string): string {
    const at = this.now();
    for (const [ticket, entry] of this.tickets) if (entry.expiresAt <= at || this.tickets.size >= MAX_TICKETS) this.tickets.delete(ticket);
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { fileId, expiresAt: at + DOWNLOAD_TICKET_TTL_MS });
    return `${baseUrl}/d/1/${ticket}/download`;
  }

  /** The file a live ticket opens. */
  resolve(ticket: string): string | undefined {
    const entry = this.tickets.get(ticket);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    return entry.fileId;
  }

  clear(): void {
    this.tickets.clear();
  }
}

export type ByteRange = { start: number; end: number };

/**
 * One `Range: bytes=...` range against a body of `size` bytes: the range,
 * 'unsatisfiable' (416), or undefined to send the whole body (no header, or
 * one this server does not honour, such as several ranges).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
