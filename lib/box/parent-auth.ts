import 'server-only';
import type { TokenStorage } from 'box-node-sdk/box';
import type { Authentication, NetworkSession } from 'box-node-sdk/networking';
import type { AccessToken } from 'box-node-sdk/schemas';
import { log } from '../log';
import type { ExpiringTokenStorage } from './token-storage';

/**
 * Wraps one SDK auth (JWT, CCG or developer token) so the app's parent token
 * is fetched at most once at a time: concurrent callers that find no fresh
 * token share one grant. Everything else is the SDK's own auth code.
 */
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
  ) {}

  get tokenStorage(): TokenStorage {
    return this.inner.tokenStorage;
  }

  async retrieveToken(networkSession?: NetworkSession): Promise<AccessToken> {
    const stored = await this.inner.tokenStorage.get();
    if (stored?.accessToken) return stored;
    return this.refreshToken(networkSession);
  }

  /** One grant at a time; callers arriving while it runs get its result. */
  refreshToken(networkSession?: NetworkSession): Promise<AccessToken> {
    if (!this.inflight) {
      const started = Date.now();
      this.inflight = this.inner
        .refreshToken(networkSession ?? this.session())
        .then((token) => {
          log.info({ event: 'box.parent_token.refreshed', ms: Date.now() - started, expiresIn: token.expiresIn }, 'parent token refreshed');
          return token;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
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
    await this.storage.clear();
    await this.refreshToken(this.session());
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
