import { and, eq, inArray, lte, gt } from 'drizzle-orm';
import type { Database } from '../database';
import { linkTokens } from '../schema';

/**
 * The registry of tokens minted for share links, persisted so revocation
 * works after a restart and from any instance. Stores only what it is given:
 * the caller seals the token (lib/crypto/seal.ts) before it gets here.
 */
export interface LinkTokenRow {
  tokenHash: string;
  linkId: string;
  sealedToken: string;
  expiresAt: Date;
}

export interface LinkTokenStore {
  /** Idempotent per token hash. */
  record(row: LinkTokenRow): Promise<void>;
  /** Tokens of the link that have not expired yet. */
  listLive(linkId: string, now?: Date): Promise<LinkTokenRow[]>;
  forget(tokenHashes: readonly string[]): Promise<void>;
  /** Deletes entries past their expiry; the number deleted. */
  pruneExpired(now?: Date): Promise<number>;
}

export function createLinkTokenStore(db: Database): LinkTokenStore {
  return {
    async record(row) {
      await db.insert(linkTokens).values(row).onConflictDoNothing({ target: linkTokens.tokenHash });
    },
    async listLive(linkId, now = new Date()) {
      return db
        .select({ tokenHash: linkTokens.tokenHash, linkId: linkTokens.linkId, sealedToken: linkTokens.sealedToken, expiresAt: linkTokens.expiresAt })
        .from(linkTokens)
        .where(and(eq(linkTokens.linkId, linkId), gt(linkTokens.expiresAt, now)));
    },
    async forget(tokenHashes) {
      if (tokenHashes.length === 0) return;
      await db.delete(linkTokens).where(inArray(linkTokens.tokenHash, [...tokenHashes]));
    },
    async pruneExpired(now = new Date()) {
      const rows = await db.delete(linkTokens).where(lte(linkTokens.expiresAt, now)).returning({ tokenHash: linkTokens.tokenHash });
      return rows.length;
    },
  };
}
