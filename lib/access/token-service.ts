import 'server-only';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { getBoxConnection, type BoxConnection } from '../box/connection';
import { downscopeForFile } from '../box/downscope';
import { revokeAtBox } from '../box/revoke';
import { checkFileTokenAtBox } from '../box/token-check';
import type { TokenVerdict } from '../box/types';
import { getEnv } from '../config/env';
import { FleetUnavailableError, getFleetRedis } from '../fleet/redis';
import { ApiError } from '../http/api-error';
import { linkGone } from '../links/link-errors';
import { log } from '../log';
import { getMetrics } from '../metrics/registry';
import { processSingleton } from '../process-singleton';
import { singleFlight } from '../single-flight';
import type { ReviewerActor } from '../box/types';
import { fleetLinkTokensFromEnv, type FleetLinkTokens } from './fleet-link-tokens';
import { createFleetTokenCache, type FleetTokenCache } from './fleet-token-cache';
import { parseRoleScopes, scopesFor, type AnnotationVisibility, type Role, type RoleScopes } from './roles';
import {
  handOutWindowMs,
  MemoryTokenCache,
  minimumRemainingMs,
  tokenCacheKey,
  type CachedFileToken,
  type TokenCache,
} from './token-cache';
import { getStore } from '../db/get-store';
import { createLinkTokenRegistry } from './link-token-registry';

/**
 * File tokens for lib/access's grants: a per-file, per-role token from the cache
 * when one with enough life left exists, else one freshly downscoped (one
 * exchange per key at a time). Tokens minted for a share link are remembered
 * in memory and, sealed, in the database (the registry), so revoking the link
 * revokes them at Box, after a restart and from any instance too. With REDIS_URL
 * set, the cache, the one-exchange-per-key rule and the link bookkeeping (with a
 * revocation epoch) span the fleet (fleet-token-cache.ts, fleet-link-tokens.ts);
 * process memory stays underneath for when Redis is unreachable.
 * A browser whose token Box refused reports it (by hash); if it is the one
 * cached, Box is asked whether it is really dead before it is replaced, so a
 * client can't force new tokens at will.
 */
export interface FileTokenRequest {
  fileId: string;
  role: Role;
  allowDownload?: boolean;
  linkId?: string;
  /** Whose annotations the token may show (default: as the role says, everyone's). */
  annotations?: AnnotationVisibility;
  /** A named reviewer: the token is their annotator token, cached for them alone. */
  reviewer?: ReviewerActor;
  /** SHA-256 (base64url) of a token the browser saw Box refuse. */
  rejectedTokenHash?: string;
  /** For logs only. */
  requestId?: string;
}

export interface FileToken {
  accessToken: string;
  /** Seconds left. */
  expiresIn: number;
  /** ISO 8601. */
  expiresAt: string;
  fileId: string;
  role: Role;
  scopes: string[];
}

export type CacheOutcome = 'hit' | 'miss' | 'joined';

export interface LinkRevocationReport {
  /** Tokens Box confirmed revoked just now. */
  revoked: number;
  /** Tokens Box did not confirm (kept for a retry), and recorded ones this process cannot open (another SESSION_SECRET). */
  failed: number;
  /** False when Redis was unreachable: the fleet-wide part (epoch, tokens only Redis knew) is retried on reconnect. */
  fleetReached: boolean;
}

/** The fleet's shared state (REDIS_URL); absent for one instance. */
export interface TokenFleet {
  cache: FleetTokenCache;
  links: FleetLinkTokens;
}

export interface TokenService {
  getFileToken(request: FileTokenRequest): Promise<FileToken>;
  /** Whether getFileToken would answer from the cache (no Box call). */
  hasUsableToken(request: Pick<FileTokenRequest, 'fileId' | 'role' | 'allowDownload' | 'linkId' | 'annotations' | 'reviewer'>): Promise<boolean>;
  /** Revokes at Box every token minted for the link and forgets them; the number revoked (throws if Box did not confirm them all). */
  revokeLinkTokens(linkId: string): Promise<number>;
  /** The same, reporting what Box confirmed and what it did not (those are kept, to retry). */
  revokeLinkTokensReport(linkId: string): Promise<LinkRevocationReport>;
  /** Revokes one token at Box and drops it from the cache. */
  revokeToken(accessToken: string): Promise<void>;
}

/** Where link tokens are also kept, so revocation survives restarts (lib/access/link-token-registry.ts). */
export interface PersistentLinkTokens {
  record(linkId: string, token: { accessToken: string; expiresAt: number }): Promise<void>;
  /** Live tokens of the link, and how many recorded ones this process cannot open. */
  live(linkId: string): Promise<{ tokens: string[]; unreadable: number }>;
  forget(accessTokens: readonly string[]): Promise<void>;
}

export interface TokenServiceOptions {
  connection: BoxConnection;
  /** Persisted registry of link tokens; without it they are known to this process only. */
  registry?: PersistentLinkTokens;
  cache?: TokenCache;
  /** Shared state for several instances; defaults to Redis when REDIS_URL is set. Pass null for none. */
  fleet?: TokenFleet | null;
  roleScopes?: RoleScopes;
  now?: () => number;
  /** When Box last refused the parent token (default: the connection's auth). */
  parentRejectedAt?: () => number;
  /** Registers the reconciliation to run whenever the fleet's Redis (re)connects. */
  onFleetReady?: (listener: () => void) => void;
  /** Observe each outcome (benchmarks, tests). */
  onOutcome?: (outcome: CacheOutcome, request: FileTokenRequest) => void;
}

interface LinkTokens {
  /** Token hash → what is needed to revoke it and forget it. */
  tokens: Map<string, { accessToken: string; cacheKey: string; expiresAt: number; fleetEpoch?: number }>;
}

function hashOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function createTokenService(options: TokenServiceOptions): TokenService {
  const { connection } = options;
  const now = options.now ?? Date.now;
  const localCache = options.cache ?? new MemoryTokenCache({ max: getEnv().EASEL_TOKEN_CACHE_MAX, now });
  const fleet = options.fleet === undefined ? fleetFromEnv(localCache) : (options.fleet ?? undefined);
  const cache: TokenCache = fleet?.cache ?? localCache;
  const metrics = getMetrics();
  const roleScopes = options.roleScopes ?? parseRoleScopes(getEnv().EASEL_ROLE_SCOPES);
  const mints = singleFlight<string, { token: CachedFileToken; joined: boolean }>();
  const checks = singleFlight<string, TokenVerdict>();
  const byLink = new Map<string, LinkTokens>();
  /** Bumped when a link is revoked, so a mint racing the revocation is not kept. */
  const linkEpochs = new Map<string, number>();
  /** Links whose revocation could not reach the fleet; retried once Redis is back. */
  const pendingRevocations = new Set<string>();
  /** Token hash → cache key, to drop a revoked token from the cache. */
  const cacheKeyByToken = new LRUCache<string, string>({ max: 100_000 });
  /** Token hash → when Box last confirmed it alive after a parent-token rejection. */
  const verifiedAt = new LRUCache<string, number>({ max: 100_000 });
  const parentRejectedAt = options.parentRejectedAt ?? (() => connection.auth.lastRejectionAt());

  function usable(token: CachedFileToken): boolean {
    return token.expiresAt - now() >= minimumRemainingMs(token.expiresAt - token.issuedAt);
  }

  function toFileToken(token: CachedFileToken, request: FileTokenRequest): FileToken {
    return {
      accessToken: token.accessToken,
      expiresIn: Math.max(0, Math.floor((token.expiresAt - now()) / 1000)),
      expiresAt: new Date(token.expiresAt).toISOString(),
      fileId: request.fileId,
      role: request.role,
      scopes: [...token.scopes],
    };
  }

  function remember(linkId: string, cacheKey: string, token: CachedFileToken, fleetEpoch: number): void {
    const entry = byLink.get(linkId) ?? { tokens: new Map() };
    const at = now();
    for (const [hash, known] of entry.tokens) if (known.expiresAt <= at) entry.tokens.delete(hash);
    entry.tokens.set(hashOf(token.accessToken), { accessToken: token.accessToken, cacheKey, expiresAt: token.expiresAt, fleetEpoch });
    byLink.set(linkId, entry);
  }

  /** The link's fleet epoch, or undefined when Redis can't say (memory's epoch then decides alone). */
  async function fleetEpoch(linkId: string): Promise<number | undefined> {
    if (!fleet) return undefined;
    try {
      return await fleet.links.epoch(linkId);
    } catch (error) {
      if (!(error instanceof FleetUnavailableError)) throw error;
      return undefined;
    }
  }

  /** Records a link token fleet-wide; false when Redis could not take it (memory keeps it; republished on reconnect). */
  async function recordInFleet(linkId: string, cacheKey: string, token: Pick<CachedFileToken, 'accessToken' | 'expiresAt'>): Promise<boolean> {
    if (!fleet) return true;
    try {
      await fleet.links.record(linkId, { hash: hashOf(token.accessToken), accessToken: token.accessToken, cacheKey, expiresAt: token.expiresAt });
      return true;
    } catch (error) {
      if (!(error instanceof FleetUnavailableError)) throw error;
      log.warn({ event: 'tokens.link_token_unshared', linkId }, 'Redis unreachable: link token recorded in this process only until Redis is back');
      return false;
    }
  }

  async function mint(cacheKey: string, request: FileTokenRequest, scopes: string[]): Promise<CachedFileToken> {
    const { linkId } = request;
    const epoch = linkId ? (linkEpochs.get(linkId) ?? 0) : 0;
    const sharedEpoch = linkId ? await fleetEpoch(linkId) : undefined;
    const minted = await downscopeForFile(
      connection,
      { fileId: request.fileId, scopes, requestId: request.requestId, ...(request.reviewer ? { actor: request.reviewer } : {}) },
      now,
    );
    if (linkId) {
      // Record first, then compare epochs: a revocation either lists this token or we see its new epoch.
      remember(linkId, cacheKey, minted, sharedEpoch ?? 0);
      const shared = await recordInFleet(linkId, cacheKey, minted);
      const sharedEpochAfter = shared && sharedEpoch !== undefined ? await fleetEpoch(linkId) : sharedEpoch;
      if ((linkEpochs.get(linkId) ?? 0) !== epoch || (sharedEpochAfter ?? 0) > (sharedEpoch ?? 0)) {
        await revokeAtBox(connection, minted.accessToken).catch(() => undefined);
        forgetLinkToken(hashOf(minted.accessToken));
        throw linkGone('revoked');
      }
    }
    if (request.linkId && options.registry) {
      try {
        await options.registry.record(request.linkId, minted);
      } catch (error) {
        // A link token revocation could not find must not be handed out.
        await revokeAtBox(connection, minted.accessToken).catch(() => undefined);
        log.error({ event: 'tokens.registry_record_failed', linkId: request.linkId, err: error }, 'could not record a link token; not handing it out');
        throw new ApiError('unavailable:database', 'The service is temporarily unavailable. Try again shortly.', { retryAfterSeconds: 5 });
      }
    }
    const windowMs = handOutWindowMs(minted);
    await cache.set(cacheKey, minted, windowMs);
    if (windowMs > 0) cacheKeyByToken.set(hashOf(minted.accessToken), cacheKey, { ttl: windowMs });
    return minted;
  }

  function forgetLinkToken(hash: string): void {
    for (const entry of byLink.values()) entry.tokens.delete(hash);
  }

  /** One mint per key in this process and, with a fleet, one per key fleet-wide. */
  async function mintShared(cacheKey: string, request: FileTokenRequest, scopes: string[]): Promise<{ token: CachedFileToken; joined: boolean }> {
    if (!fleet) return { token: await mint(cacheKey, request, scopes), joined: false };
    const { token, outcome } = await fleet.cache.mintOnce(cacheKey, usable, () => mint(cacheKey, request, scopes));
    return { token, joined: outcome === 'joined' };
  }

  /** Forgets a token everywhere it is kept (the cache only if it still holds this one). */
  async function forget(cacheKey: string, accessToken: string): Promise<void> {
    const hash = hashOf(accessToken);
    if ((await cache.get(cacheKey))?.accessToken === accessToken) await cache.delete(cacheKey);
    cacheKeyByToken.delete(hash);
    forgetLinkToken(hash);
  }

  /**
   * The cached token when the browser's report does not concern it or Box
   * still accepts it; undefined once it was found dead and forgotten. One
   * check with Box per reported token at a time.
   */
  async function recheck(cacheKey: string, cached: CachedFileToken, request: FileTokenRequest): Promise<CachedFileToken | undefined> {
    const hash = hashOf(cached.accessToken);
    if (request.rejectedTokenHash !== hash) return cached;
    const started = performance.now();
    const verdict = await checks.run(`${cacheKey}|${hash}`, async () => {
      const result = await checkFileTokenAtBox(connection, cached.accessToken, request.fileId);
      if (result === 'dead') await forget(cacheKey, cached.accessToken);
      log.info(
        { event: 'tokens.rejected_token_checked', requestId: request.requestId, fileId: request.fileId, role: request.role, linkId: request.linkId, verdict: result, ms: Math.round(performance.now() - started) },
        result === 'dead' ? 'reported token is dead at Box; replacing it' : 'reported token still works at Box; keeping it',
      );
      return result;
    });
    if (verdict === 'alive') return cached;
    // Someone may have minted the replacement while this caller waited.
    const current = await cache.get(cacheKey);
    return current && current.accessToken !== cached.accessToken && usable(current) ? current : undefined;
  }

  /**
   * A cached token minted before Box last refused the parent token may have
   * died with it. Rather than hand it out blind, ask Box (one cheap call per
   * key at a time, shared by concurrent callers): alive → hand it out (and
   * don't ask again); dead → forget it, and the caller mints a fresh one.
   */
  async function unlessDeadWithParent(cacheKey: string, cached: CachedFileToken, request: FileTokenRequest): Promise<CachedFileToken | undefined> {
    const rejectedAt = parentRejectedAt();
    if (rejectedAt === 0 || cached.issuedAt > rejectedAt) return cached;
    const hash = hashOf(cached.accessToken);
    if ((verifiedAt.get(hash) ?? 0) >= rejectedAt) return cached;
    const verdict = await checks.run(`${cacheKey}|${hash}`, async () => {
      const result = await checkFileTokenAtBox(connection, cached.accessToken, request.fileId);
      if (result === 'dead') await forget(cacheKey, cached.accessToken);
      else verifiedAt.set(hash, now());
      log.info({ event: 'tokens.suspect_token_checked', requestId: request.requestId, fileId: request.fileId, linkId: request.linkId, verdict: result }, 'cached token checked after a parent-token rejection');
      return result;
    });
    if (verdict === 'alive') return cached;
    const current = await cache.get(cacheKey);
    return current && current.accessToken !== cached.accessToken && usable(current) ? current : undefined;
  }

  /**
   * Revokes at Box every token of the link this process, the database registry
   * and (with a fleet) Redis know of. With a fleet the link's epoch is bumped
   * first, so a mint racing the revocation on any instance is taken back by
   * its minter. Redis unreachable: everything else is still revoked, the link
   * is marked pending and revoked again fleet-wide once Redis is back.
   */
  async function revokeLinkTokensReport(linkId: string): Promise<LinkRevocationReport> {
    linkEpochs.set(linkId, (linkEpochs.get(linkId) ?? 0) + 1);
    const entry = byLink.get(linkId);
    byLink.delete(linkId);
    const at = now();
    const known = new Map<string, { accessToken: string; cacheKey?: string; expiresAt?: number }>(entry?.tokens ?? []);
    let fleetReached = !fleet;
    if (fleet) {
      try {
        await fleet.links.bumpEpoch(linkId);
        for (const token of await fleet.links.list(linkId)) known.set(token.hash, token);
        fleetReached = true;
      } catch (error) {
        if (!(error instanceof FleetUnavailableError)) throw error;
        pendingRevocations.add(linkId);
      }
    }
    const cacheKeys = [...known.values()].flatMap((token) => (token.cacheKey ? [token.cacheKey] : []));
    await Promise.all(cacheKeys.map((key) => cache.delete(key)));
    // This process's tokens, the fleet's, and every live one recorded by any process before or since a restart.
    const live = new Map([...known.entries()].filter(([, token]) => token.expiresAt === undefined || token.expiresAt > at));
    const recorded = options.registry ? await options.registry.live(linkId) : { tokens: [], unreadable: 0 };
    for (const accessToken of recorded.tokens) {
      const hash = hashOf(accessToken);
      if (!live.has(hash)) live.set(hash, { accessToken });
    }
    const targets = [...live.entries()];
    const results = await Promise.allSettled(targets.map(([, token]) => revokeAtBox(connection, token.accessToken)));
    const confirmed = targets.filter((_, index) => results[index]?.status === 'fulfilled');
    const unconfirmed = targets.filter((_, index) => results[index]?.status === 'rejected');
    await options.registry?.forget(confirmed.map(([, token]) => token.accessToken));
    if (fleet && fleetReached) await fleet.links.forget(linkId, confirmed.map(([hash]) => hash)).catch(() => undefined);
    // Keep the ones Box did not confirm, so calling again retries them.
    const retry = new Map(unconfirmed.map(([hash, token]) => [hash, { accessToken: token.accessToken, cacheKey: token.cacheKey ?? '', expiresAt: token.expiresAt ?? at + 3_600_000 }]));
    if (retry.size > 0) byLink.set(linkId, { tokens: retry });
    // Recorded tokens this process cannot open were not revoked either: they count as failed.
    const failed = unconfirmed.length + recorded.unreadable;
    log.info({ event: 'tokens.link_revoked', linkId, revoked: confirmed.length, failed, unreadable: recorded.unreadable, fleetReached }, 'link tokens revoked');
    return { revoked: confirmed.length, failed, fleetReached };
  }

  /** The cache key of a request: file, role, download, link, annotation visibility and reviewer. */
  function cacheKeyOf(request: Pick<FileTokenRequest, 'fileId' | 'role' | 'allowDownload' | 'linkId' | 'annotations' | 'reviewer'>): string {
    return tokenCacheKey({
      fileId: request.fileId,
      role: request.role,
      allowDownload: request.allowDownload ?? false,
      linkId: request.linkId,
      annotations: request.annotations ?? 'all',
      ...(request.reviewer ? { reviewer: request.reviewer } : {}),
    });
  }

  const service: TokenService = {
    async hasUsableToken(request) {
      const cached = await cache.get(cacheKeyOf(request));
      return cached !== undefined && usable(cached);
    },

    async getFileToken(request) {
      const started = performance.now();
      const allowDownload = request.allowDownload ?? false;
      const annotations = request.annotations ?? 'all';
      const cacheKey = cacheKeyOf(request);
      let cached = await cache.get(cacheKey);
      if (cached && usable(cached) && request.rejectedTokenHash) cached = await recheck(cacheKey, cached, request);
      if (cached && usable(cached)) cached = await unlessDeadWithParent(cacheKey, cached, request);
      let outcome: CacheOutcome = 'hit';
      let token: CachedFileToken;
      if (cached && usable(cached)) {
        token = cached;
      } else {
        const waiting = mints.has(cacheKey);
        metrics.mintsInFlight.inc();
        try {
          const minted = await mints.run(cacheKey, () => mintShared(cacheKey, request, scopesFor(roleScopes, request.role, allowDownload, annotations)));
          token = minted.token;
          outcome = waiting || minted.joined ? 'joined' : 'miss';
        } finally {
          metrics.mintsInFlight.dec();
        }
      }
      metrics.tokenRequests.inc({ outcome });
      metrics.tokenDuration.observe({ outcome }, (performance.now() - started) / 1000);
      options.onOutcome?.(outcome, request);
      const logFields = { event: 'tokens.file_token', requestId: request.requestId, fileId: request.fileId, role: request.role, linkId: request.linkId, cache: outcome, ms: Math.round((performance.now() - started) * 100) / 100 };
      if (outcome === 'hit') log.debug(logFields, 'file token from cache');
      else log.info(logFields, 'file token');
      return toFileToken(token, request);
    },

    async revokeLinkTokens(linkId) {
      const report = await revokeLinkTokensReport(linkId);
      if (report.failed > 0) {
        throw new ApiError('unavailable:box', 'Some tokens of this link could not be revoked at Box. Try again.', { retryAfterSeconds: 5 });
      }
      if (!report.fleetReached) {
        // Fail closed: the link is off in the database; the fleet-wide revocation is retried once Redis is back.
        throw new ApiError('unavailable:shared_state', 'The shared state could not be reached. The link is off; its revocation across instances will be retried.', { retryAfterSeconds: 5 });
      }
      return report.revoked;
    },

    revokeLinkTokensReport,

    async revokeToken(accessToken) {
      const hash = hashOf(accessToken);
      const cacheKey = cacheKeyByToken.get(hash);
      if (cacheKey) await forget(cacheKey, accessToken);
      else forgetLinkToken(hash);
      await revokeAtBox(connection, accessToken);
      await options.registry?.forget([accessToken]);
    },
  };

  /**
   * Redis is back (possibly empty): republish this process's live link tokens,
   * taking back any whose link was revoked meanwhile (its epoch moved past the
   * one seen at mint), then finish revocations that could not reach the fleet.
   */
  async function reconcile(): Promise<void> {
    if (!fleet) return;
    const at = now();
    for (const [linkId, entry] of [...byLink.entries()]) {
      for (const [hash, token] of [...entry.tokens.entries()]) {
        if (token.expiresAt <= at) continue;
        if (!(await recordInFleet(linkId, token.cacheKey, token))) return;
        const current = await fleetEpoch(linkId);
        if (current !== undefined && current > (token.fleetEpoch ?? 0)) {
          await cache.delete(token.cacheKey);
          await revokeAtBox(connection, token.accessToken).then(
            () => {
              entry.tokens.delete(hash);
              return fleet.links.forget(linkId, [hash]).catch(() => undefined);
            },
            () => undefined,
          );
          log.info({ event: 'tokens.revoked_on_reconcile', linkId }, 'link revoked while Redis was unreachable: token taken back');
        }
      }
    }
    for (const linkId of [...pendingRevocations]) {
      pendingRevocations.delete(linkId);
      await service.revokeLinkTokens(linkId).catch((error: unknown) => {
        log.warn({ event: 'tokens.pending_revocation_failed', linkId, err: error instanceof Error ? error.message : String(error) }, 'pending link revocation failed');
      });
    }
  }
  options.onFleetReady?.(() => void reconcile());

  return service;
}

function fleetFromEnv(local: TokenCache): TokenFleet | undefined {
  const cache = createFleetTokenCache(local);
  const links = fleetLinkTokensFromEnv();
  return cache && links ? { cache, links } : undefined;
}

/** The process-wide token service (tokens minted for a link must be revocable from any route). */
export function getTokenService(): TokenService {
  return processSingleton('access.token_service', () =>
    createTokenService({
      connection: getBoxConnection(),
      registry: createLinkTokenRegistry(getStore),
      onFleetReady: (listener) => getFleetRedis()?.onReady(listener),
    }),
  );
}

export function revokeLinkTokens(linkId: string): Promise<number> {
  return getTokenService().revokeLinkTokens(linkId);
}

export function revokeLinkTokensReport(linkId: string): Promise<LinkRevocationReport> {
  return getTokenService().revokeLinkTokensReport(linkId);
}
