import { createHash } from 'node:crypto';
import { applySetup, defaultSetup, type SandboxSetup, type SetupUpdate } from './setup';

/**
 * The sandbox's in-memory state: issued tokens, test faults and counters.
 * Content (files, folders) lives on disk; annotations register a reset hook.
 */
export type TokenKind = 'parent' | 'downscoped';

/** A parent token carries this scope, which stands for every scope. */
export const ALL_SCOPES = 'root_readwrite';

export interface IssuedToken {
  kind: TokenKind;
  scopes: string[];
  /** File ids the token is limited to; empty (and no restrictedFolders) means not restricted. */
  restrictedTo: string[];
  /** Folder ids the token is limited to (a folder `resource`): the folder and everything below it. */
  restrictedFolders?: string[];
  sharedLink?: string;
  issuedAt: number;
  expiresAt: number;
  revoked: boolean;
  subject: { type: 'enterprise' | 'user'; id: string };
  actor?: { id: string; name: string };
}

export interface RespondFault {
  status: number;
  remaining: number;
  path: string;
  retryAfter?: number;
}

export interface Faults {
  respond?: RespondFault;
  latencyMs: number;
  unrestrictedExchange: boolean;
}

export interface Stats {
  grants: { jwt: number; ccg: number };
  exchanges: number;
  revocations: number;
  api: number;
  rejected: number;
}

function emptyStats(): Stats {
  return { grants: { jwt: 0, ccg: 0 }, exchanges: 0, revocations: 0, api: 0, rejected: 0 };
}

function emptyFaults(): Faults {
  return { latencyMs: 0, unrestrictedExchange: false };
}

/** Tokens are kept by hash so a heap dump of the sandbox shows none. */
function keyOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class SandboxState {
  faults: Faults = emptyFaults();
  stats: Stats = emptyStats();
  setup: SandboxSetup;
  private readonly initialSetup: SandboxSetup;
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly usedJwtIds = new Map<string, number>();
  private readonly resetHooks: Array<() => void> = [];

  constructor(
    private readonly now: () => number = Date.now,
    setup: SandboxSetup = defaultSetup([]),
  ) {
    this.initialSetup = setup;
    this.setup = setup;
  }

  updateSetup(update: SetupUpdate): SandboxSetup {
    this.setup = applySetup(this.setup, update);
    return this.setup;
  }

  issue(token: string, record: IssuedToken): void {
    this.tokens.set(keyOf(token), record);
  }

  lookup(token: string): IssuedToken | undefined {
    return this.tokens.get(keyOf(token));
  }

  isActive(record: IssuedToken | undefined): record is IssuedToken {
    return record !== undefined && !record.revoked && record.expiresAt > this.now();
  }

  revoke(token: string): boolean {
    const record = this.lookup(token);
    if (!record) return false;
    record.revoked = true;
    return true;
  }

  expireAll(): void {
    const past = this.now() - 1;
    for (const record of this.tokens.values()) record.expiresAt = Math.min(record.expiresAt, past);
  }

  revokeAll(): void {
    for (const record of this.tokens.values()) record.revoked = true;
  }

  /** Records a JWT assertion id; false when it was already used and not yet expired. */
  useJwtId(jti: string, expiresAt: number): boolean {
    const now = this.now();
    for (const [id, expiry] of this.usedJwtIds) if (expiry < now) this.usedJwtIds.delete(id);
    if (this.usedJwtIds.has(jti)) return false;
    this.usedJwtIds.set(jti, expiresAt);
    return true;
  }

  onReset(hook: () => void): void {
    this.resetHooks.push(hook);
  }

  reset(): void {
    this.faults = emptyFaults();
    this.stats = emptyStats();
    this.tokens.clear();
    this.usedJwtIds.clear();
    this.setup = this.initialSetup;
    for (const hook of this.resetHooks) hook();
  }

  currentTime(): number {
    return this.now();
  }
}

export function hasScope(record: IssuedToken, scope: string): boolean {
  return record.scopes.includes(ALL_SCOPES) || record.scopes.includes(scope);
}
