import { createAccessPolicy, type AccessPolicy, type AccessPolicyOptions, type ListingShare } from '@/lib/access/gallery-policy';
import { createBoxConnection, type BoxConnection, type BoxConnectionOptions } from '@/lib/box/connection';
import { sandboxCredentials } from '@/lib/box/credentials';
import { createFileReader } from '@/lib/box/files';
import { readFolderFileIds } from '@/lib/box/folder-file-ids';
import { createTokenService, type TokenService, type TokenServiceOptions } from '@/lib/access/token-service';
import { createRateLimiter } from '@/lib/http/rate-limit';
import { ARTWORK_FOLDER_ID } from '@/lib/sandbox/catalog';
import { clientKeyOf, type Caller } from '@/lib/auth/caller';
import { createFileGrant, type FileGrant } from '@/lib/access/file-grant';
import { handleApiRequest } from '@/lib/http/json-response';
import { rejectedTokenHashOf } from '@/lib/http/rejected-token-param';
import { tokenResponse } from '@/lib/http/token-response';
import type { Stats } from '@/lib/sandbox/state';
import { TEST_SANDBOX_DATA_DIR, type TestSandbox } from './sandbox';

/**
 * The token service wired to an in-process sandbox, fresh for each test: its
 * own connection (parent token), cache, access policy and rate limiter.
 */
export interface TokenHarness {
  connection: BoxConnection;
  tokens: TokenService;
  policy: AccessPolicy;
  grantFileToken: FileGrant;
  /**
   * GET /api/files/<rawId>/token as app/api/files/[fileId]/token/route.ts composes it, on
   * this harness's grants (`query` is appended as is, e.g. `rejected=…`).
   */
  request(rawId: string, init?: { clientKey?: string; query?: string }): Promise<Response>;
  stats(): Promise<Stats>;
}

export interface HarnessOptions {
  connection?: BoxConnectionOptions;
  tokens?: Omit<TokenServiceOptions, 'connection'>;
  ratePerMinute?: number;
  policy?: Omit<AccessPolicyOptions, 'galleryFolderIds'>;
  /** The fleet's shared folder listings (fleet-harness.ts). */
  listingShare?: ListingShare;
  galleryAnnotations?: 'none' | 'all';
}

export function createTokenHarness(sandbox: TestSandbox, options: HarnessOptions = {}): TokenHarness {
  const connection = createBoxConnection(sandboxCredentials(TEST_SANDBOX_DATA_DIR, sandbox.url), {
    retryBudgetMs: 10_000,
    ...options.connection,
  });
  const tokens = createTokenService({ connection, ...options.tokens });
  const files = createFileReader(connection);
  const policy = createAccessPolicy(
    { files, listFolder: (folderId) => readFolderFileIds(connection, folderId), ...(options.listingShare ? { listingShare: options.listingShare } : {}) },
    { galleryFolderIds: [ARTWORK_FOLDER_ID], ...options.policy },
  );
  const rateLimiter = createRateLimiter({ name: 'token', points: options.ratePerMinute ?? 120, durationSeconds: 60 });
  const grantFileToken = createFileGrant({ tokens, policy, rateLimiter, files, ...(options.galleryAnnotations ? { galleryAnnotations: options.galleryAnnotations } : {}) });
  return {
    connection,
    tokens,
    policy,
    grantFileToken,
    request(rawId, init = {}) {
      const url = `http://localhost:3000/api/files/${encodeURIComponent(rawId)}/token${init.query ? `?${init.query}` : ''}`;
      const request = new Request(url, { headers: { 'x-forwarded-for': init.clientKey ?? '203.0.113.7' } });
      return handleApiRequest(request, async (requestId) => {
        const rejectedTokenHash = rejectedTokenHashOf(request);
        return tokenResponse(await grantFileToken(await anonymousCaller(request), rawId, { requestId, rejectedTokenHash }), requestId);
      });
    },
    async stats() {
      return (await sandbox.control('GET', 'stats')).body as Stats;
    },
  };
}

async function anonymousCaller(request: Request): Promise<Caller> {
  return { kind: 'anonymous', clientKey: clientKeyOf(request) };
}

export async function introspect(sandbox: TestSandbox, token: string): Promise<{ active: boolean; scopes: string[]; restrictedTo: string[] }> {
  return (await sandbox.control('POST', 'introspect', { token })).body;
}
