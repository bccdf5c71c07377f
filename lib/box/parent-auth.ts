import 'server-only';
import type { TokenStorage } from 'box-node-sdk/box';
import type { Authentication, NetworkSession } from 'box-node-sdk/networking';
import type { AccessToken } from 'box-node-sdk/schemas';
import { z } from 'zod';
import { FleetUnavailableError } from '../fleet/redis';
import type { SharedValues } from '../fleet/shared-values';
import { log } from '../log';
import { getMetrics, timeBoxCall } from '../metrics/registry';
import { refreshMarginMs, type ExpiringTokenStorage } from './token-storage';

/**
 * Wraps one SDK auth (JWT, CCG or developer token) so the app's parent token
 * is fetched at most once at a time: concurrent callers that find no fresh
 * token share one grant. Everything else is the SDK's own auth code.
 * With a fleet (REDIS_URL), the parent token is shared too: one grant for all
 * instances, refreshed before expiry under a short Redis lock, and replaced
 * once for everyone when Box rejects it. Redis unreachable: each instance
 * fetches its own (degraded, logged).
 */
export const SharedParentSchema = z.object({
  accessToken: z.string().min(1),
  tokenType: z.string().optional(),
  expiresIn: z.number().optional(),
  storedAt: z.number(),
  expiresAt: z.number(),
});
export type SharedParent = z.infer<typeof SharedParentSchema>;

export interface SharedParentSlot {
  values: SharedValues<SharedParent>;
  /** Which app's token (several apps may share one Redis). */
  key: string;
}

/** A grant waits this long for another instance's before making its own. */
const PARENT_LOCK_WAIT_MS = 10_000;
const PARENT_LOCK_TTL_MS = 15_000;

export interface ParentToken {
  accessToken: string;
  /** Which stored token this was; pass it back to `refreshAfterRejection`. */
  generation: number;
}

type SdkAuth = Authentication & { readonly tokenStorage: TokenStorage };

export class SingleFlightAuth implements Authentication {
  private inflight: Promise<AccessToken> | undefined;
  private rejectedAt = 0;

  constructor(
    private readonly inner: SdkAuth,
    /** The storage the inner auth writes to, when it is ours (not for developer tokens). */
    private readonly storage: ExpiringTokenStorage | undefined,
    private readonly session: () => NetworkSession,
    private readonly shared?: SharedParentSlot,
    private readonly now: () => number = Date.now,
  ) {}

  get tokenStorage(): TokenStorage {
    return this.inner.tokenStorage;
  }

  async retrieveToken(networkSession?: NetworkSession): Promise<AccessToken> {
    const stored = await this.inner.tokenStorage.get();
    if (stored?.accessToken) return stored;
    return this.refreshToken(networkSession);
  }

  /** One grant at a time (fleet-wide with a shared slot); callers arriving while it runs get its result. */
  refreshToken(networkSession?: NetworkSession, rejectedToken?: string): Promise<AccessToken> {
    if (!this.inflight) {
      this.inflight = this.fetchParent(networkSession ?? this.session(), rejectedToken).finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private async fetchParent(session: NetworkSession, rejectedToken: string | undefined): Promise<AccessToken> {
    const reason = rejectedToken ? 'rejected' : 'expiring';
    const { shared, storage } = this;
    if (!shared || !storage) return this.grant(session, reason);
    const read = async () => {
      const entry = await shared.values.get(shared.key);
      return entry && entry.accessToken !== rejectedToken && this.isFresh(entry) ? entry : undefined;
    };
    const compute = async (): Promise<SharedParent> => {
      await this.grant(session, reason);
      const stored = storage.peek();
      if (!stored?.token.accessToken || stored.expiresAt === undefined) throw new Error('Box returned no access token');
      const entry: SharedParent = { accessToken: stored.token.accessToken, tokenType: stored.token.tokenType, expiresIn: stored.token.expiresIn, storedAt: stored.storedAt, expiresAt: stored.expiresAt };
      // The fleet finds it until its refresh is due; a failed write only costs other instances a grant.
      await shared.values.set(shared.key, entry, this.refreshDueAt(entry) - this.now()).catch(() => undefined);
      return entry;
    };
    try {
      const { value, outcome } = await shared.values.once(shared.key, read, compute, { lockTtlMs: PARENT_LOCK_TTL_MS, waitMs: PARENT_LOCK_WAIT_MS });
      if (outcome === 'computed' || storage.peek()?.token.accessToken === value.accessToken) return this.asToken(value);
      storage.adopt(this.asToken(value), value.storedAt, value.expiresAt);
      getMetrics().parentRefreshes.inc({ reason: 'adopted' });
      return this.asToken(value);
    } catch (error) {
      if (!(error instanceof FleetUnavailableError)) throw error;
      log.warn({ event: 'box.parent_token.degraded' }, 'Redis unreachable: fetching a parent token for this instance only');
      return this.grant(session, reason);
    }
  }

  private async grant(session: NetworkSession, reason: 'rejected' | 'expiring'): Promise<AccessToken> {
    const started = Date.now();
    const token = await timeBoxCall('grant', () => this.inner.refreshToken(session));
    getMetrics().parentRefreshes.inc({ reason });
    log.info({ event: 'box.parent_token.refreshed', reason, ms: Date.now() - started, expiresIn: token.expiresIn }, 'parent token refreshed');
    return token;
  }

  private refreshDueAt(entry: SharedParent): number {
    return entry.expiresAt - refreshMarginMs(entry.expiresAt - entry.storedAt);
  }

  private isFresh(entry: SharedParent): boolean {
    return this.now() < this.refreshDueAt(entry);
  }

  private asToken(entry: SharedParent): AccessToken {
    return { accessToken: entry.accessToken, tokenType: entry.tokenType, expiresIn: entry.expiresIn };
  }

  async retrieveAuthorizationHeader(networkSession?: NetworkSession): Promise<string> {
    const token = await this.retrieveToken(networkSession);
    return `Bearer ${token.accessToken}`;
  }

  async revokeToken(networkSession?: NetworkSession): Promise<undefined> {
    return this.inner.revokeToken(networkSession ?? this.session());
  }

  async downscopeToken(scopes: readonly string[], resource?: string, sharedLink?: string, networkSession?: NetworkSession): Promise<AccessToken> {
    await this.retrieveToken(networkSession);
    return this.inner.downscopeToken(scopes, resource, sharedLink, networkSession ?? this.session());
  }

  /** The current parent token (fetching one if none is fresh) and its generation. */
  async current(): Promise<ParentToken> {
    const token = await this.retrieveToken(this.session());
    if (!token.accessToken) throw new Error('Box returned no access token');
    return { accessToken: token.accessToken, generation: this.generation() };
  }

  /**
   * Box refused the parent token of `generation` (expired or revoked before
   * its time). Refresh unless a newer token already replaced it, so a burst
   * of failures caused by one dead token makes one grant, not one each.
   */
  async refreshAfterRejection(generation: number): Promise<void> {
    if (!this.inflight && (!this.storage || this.generation() === generation)) {
      this.rejectedAt = Date.now();
      log.warn({ event: 'box.parent_token.rejected', generation }, 'Box refused the parent token; tokens minted from it are suspect');
    }
    if (!this.storage) {
      await this.refreshToken(this.session());
      return;
    }
    if (this.inflight) {
      await this.inflight;
      return;
    }
    if (this.generation() !== generation) return;
    const rejected = this.storage.peek()?.token.accessToken;
    await this.storage.clear();
    await this.refreshToken(this.session(), rejected);
  }

  /**
   * When Box last refused a parent token (ms since epoch; 0: never). File
   * tokens minted before then may have died with it (revoked or expired
   * early), so they are checked before being handed out again.
   */
  lastRejectionAt(): number {
    return this.rejectedAt;
  }

  generation(): number {
    return this.storage?.describe().generation ?? 0;
  }
}
