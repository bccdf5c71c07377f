import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { DownscopedToken } from '../box/types';

/**
 * Where minted file tokens wait to be handed out again. The interface is async
 * and tiny so a shared store (Redis, a KV) can replace memory later; expiry
 * is the store's job, and a token must never outlive its hand-out window.
 */
export type CachedFileToken = DownscopedToken;

export interface TokenCacheKey {
  fileId: string;
  role: string;
  allowDownload: boolean;
  linkId: string | undefined;
  /** Whose annotations the token shows (default 'all'). */
  annotations?: string;
  /** The reviewer (and their display name, frozen into their annotations) an annotator token acts for. */
  reviewer?: { id: string; name: string };
}

export interface TokenCache {
  get(key: string): Promise<CachedFileToken | undefined>;
  /** Keep `value` for `ttlMs`, then forget it. */
  set(key: string, value: CachedFileToken, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export function tokenCacheKey({ fileId, role, allowDownload, linkId, annotations, reviewer }: TokenCacheKey): string {
  // The name is hashed: a cache shared through Redis should not hold reviewers' names.
  const actor = reviewer ? `${reviewer.id}:${createHash('sha256').update(reviewer.name).digest('base64url').slice(0, 16)}` : '-';
  return [fileId, role, allowDownload ? 'dl' : 'nodl', linkId ?? '-', annotations ?? 'all', actor].join('|');
}

const TEN_MINUTES_MS = 10 * 60_000;

/** Every token handed out keeps at least min(10 minutes, half its lifetime). */
export function minimumRemainingMs(lifetimeMs: number): number {
  return Math.min(TEN_MINUTES_MS, lifetimeMs / 2);
}

/** How long a freshly minted token may be handed out from the cache. */
export function handOutWindowMs(token: Pick<CachedFileToken, 'issuedAt' | 'expiresAt'>): number {
  const lifetime = token.expiresAt - token.issuedAt;
  return Math.max(0, lifetime - minimumRemainingMs(lifetime));
}

export class MemoryTokenCache implements TokenCache {
  private readonly lru: LRUCache<string, CachedFileToken>;

  constructor(options: { max: number; now?: () => number }) {
    const now = options.now;
    this.lru = new LRUCache<string, CachedFileToken>({
      max: options.max,
      ttlAutopurge: false,
      // lru-cache checks TTLs with its own clock; tests with a fake clock pass `now`.
      ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
    });
  }

  async get(key: string): Promise<CachedFileToken | undefined> {
    return this.lru.get(key);
  }

  async set(key: string, value: CachedFileToken, ttlMs: number): Promise<void> {
    if (ttlMs <= 0) return;
    this.lru.set(key, value, { ttl: ttlMs });
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  get size(): number {
    return this.lru.size;
  }
}
