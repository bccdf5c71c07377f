import 'server-only';
import type { TokenStorage } from 'box-node-sdk/box';
import type { AccessToken } from 'box-node-sdk/schemas';

/**
 * The SDK's TokenStorage, made aware of time. Box SDKs store a token with a
 * relative `expiresIn` and use it until a 401, which a token exchange never
 * returns (it answers 400 "subject_token provided is invalid"). This storage
 * records when each token arrived and reports none once it is within the
 * refresh margin, so every SDK auth class fetches a new one ahead of expiry.
 */
export interface StoredTokenInfo {
  /** Bumped on every store: lets callers tell "my token failed" from "a newer one exists". */
  generation: number;
  storedAt: number;
  expiresAt: number | undefined;
}

/** Refresh when a quarter of the lifetime (at most 10 minutes) is left: 50 min for Box's 60 min tokens. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(10 * 60_000, lifetimeMs / 4);
}

export class ExpiringTokenStorage implements TokenStorage {
  private token: AccessToken | undefined;
  private info: StoredTokenInfo = { generation: 0, storedAt: 0, expiresAt: undefined };

  constructor(private readonly now: () => number = Date.now) {}

  async store(token: AccessToken): Promise<undefined> {
    const storedAt = this.now();
    const lifetimeMs = typeof token.expiresIn === 'number' && token.expiresIn > 0 ? token.expiresIn * 1000 : undefined;
    this.token = token;
    this.info = { generation: this.info.generation + 1, storedAt, expiresAt: lifetimeMs === undefined ? undefined : storedAt + lifetimeMs };
    return undefined;
  }

  /** Keeps a token another instance fetched, with the times it was fetched and expires at. */
  adopt(token: AccessToken, storedAt: number, expiresAt: number | undefined): void {
    this.token = token;
    this.info = { generation: this.info.generation + 1, storedAt, expiresAt };
  }

  /** The stored token with its times, fresh or not. */
  peek(): { token: AccessToken; storedAt: number; expiresAt: number | undefined } | undefined {
    return this.token ? { token: this.token, storedAt: this.info.storedAt, expiresAt: this.info.expiresAt } : undefined;
  }

  async get(): Promise<AccessToken | undefined> {
    return this.isFresh() ? this.token : undefined;
  }

  async clear(): Promise<undefined> {
    this.token = undefined;
    this.info = { ...this.info, expiresAt: undefined };
    return undefined;
  }

  /** True while a token is stored and not yet inside its refresh margin. */
  isFresh(): boolean {
    if (!this.token) return false;
    const { storedAt, expiresAt } = this.info;
    // A token without expires_in (a developer token) is used until Box refuses it.
    if (expiresAt === undefined) return true;
    return this.now() < expiresAt - refreshMarginMs(expiresAt - storedAt);
  }

  describe(): StoredTokenInfo {
    return { ...this.info };
  }
}
