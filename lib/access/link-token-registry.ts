import { createHash } from 'node:crypto';
import { getSessionSecret } from '../auth/session';
import { createSealer, type Sealer } from '../crypto/seal';
import type { Store } from '../db/store';
import { log } from '../log';

/**
 * The tokens minted for each share link, kept in the database so revoking a
 * link revokes them at Box after a restart and from any instance. Tokens are
 * sealed with AES-256-GCM (key derived from SESSION_SECRET, bound to the link
 * id); entries past their expiry are pruned.
 */
export interface LinkTokenRegistry {
  record(linkId: string, token: { accessToken: string; expiresAt: number }): Promise<void>;
  /**
   * Live tokens minted for the link, by any instance, and how many live
   * entries no longer open (sealed under another SESSION_SECRET): those
   * can't be revoked from here, so a revocation must not count as confirmed.
   */
  live(linkId: string): Promise<{ tokens: string[]; unreadable: number }>;
  forget(accessTokens: readonly string[]): Promise<void>;
}

const PRUNE_EVERY_MS = 10 * 60_000;

export function tokenHashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function createLinkTokenRegistry(openStore: () => Promise<Store>, options: { sealer?: Sealer; now?: () => number } = {}): LinkTokenRegistry {
  const sealer = options.sealer ?? createSealer(getSessionSecret(), 'link-tokens');
  const now = options.now ?? Date.now;
  let lastPrune = 0;

  async function pruneNowAndThen(store: Store): Promise<void> {
    if (now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now();
    const pruned = await store.linkTokens.pruneExpired(new Date(now()));
    if (pruned > 0) log.info({ event: 'tokens.registry_pruned', pruned }, 'expired link tokens pruned');
  }

  return {
    async record(linkId, token) {
      const store = await openStore();
      await store.linkTokens.record({
        tokenHash: tokenHashOf(token.accessToken),
        linkId,
        sealedToken: sealer.seal(token.accessToken, linkId),
        expiresAt: new Date(token.expiresAt),
      });
      await pruneNowAndThen(store).catch((error: unknown) => log.warn({ event: 'tokens.registry_prune_failed', err: error }, 'pruning link tokens failed'));
    },
    async live(linkId) {
      const store = await openStore();
      const rows = await store.linkTokens.listLive(linkId, new Date(now()));
      const tokens: string[] = [];
      const unreadable: string[] = [];
      for (const row of rows) {
        const token = sealer.open(row.sealedToken, linkId);
        if (token) tokens.push(token);
        else unreadable.push(row.tokenHash);
      }
      if (unreadable.length > 0) {
        // Sealed under another SESSION_SECRET: they can't be revoked from here.
        log.warn({ event: 'tokens.registry_unreadable', linkId, count: unreadable.length }, 'link tokens sealed with another secret');
      }
      return { tokens, unreadable: unreadable.length };
    },
    async forget(accessTokens) {
      if (accessTokens.length === 0) return;
      await (await openStore()).linkTokens.forget(accessTokens.map(tokenHashOf));
    },
  };
}
