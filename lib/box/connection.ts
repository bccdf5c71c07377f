import 'server-only';
import { BoxCcgAuth, BoxClient, BoxDeveloperTokenAuth, BoxJwtAuth, CcgConfig, JwtConfig } from 'box-node-sdk';
import { AuthorizationManager } from 'box-node-sdk/managers';
import { BaseUrls, NetworkSession } from 'box-node-sdk/networking';
import { getEnv } from '../config/env';
import { actorSigningKeyOf, createActorTokenSigner, type ActorTokenSigner } from './actor-token';
import { loadCredentials, type BoxBaseUrls, type BoxCredentials } from './credentials';
import { createSharedValues } from '../fleet/shared-values';
import { SharedParentSchema, SingleFlightAuth, type SharedParentSlot } from './parent-auth';
import { BoundedRetryStrategy } from './retry-strategy';
import { ExpiringTokenStorage } from './token-storage';
import { processSingleton } from '../process-singleton';

/**
 * Easel's one way into Box: the SDK auth for the configured app (wrapped so
 * parent tokens refresh ahead of expiry, one grant at a time) and one
 * NetworkSession with the base URLs and retry rules that every call uses.
 */
export interface BoxConnection {
  readonly kind: BoxCredentials['kind'];
  readonly baseUrls: BoxBaseUrls;
  readonly networkSession: NetworkSession;
  readonly auth: SingleFlightAuth;
  /** SDK client for API calls made with the parent token. */
  readonly client: BoxClient;
  /** OAuth endpoints without an Authorization header (token exchange, revoke). */
  readonly oauth: AuthorizationManager;
  /** Client credentials for /oauth2/revoke (absent for a developer token). */
  readonly appClient: { clientId: string; clientSecret: string } | undefined;
  /** Builds a reviewer's annotator-token JWT (signed with the app's key when it has one). */
  readonly actorToken: ActorTokenSigner;
}

export interface BoxConnectionOptions {
  /** Longest total wait on 429/5xx retries for one call (default BOX_RETRY_BUDGET_SECONDS). */
  retryBudgetMs?: number;
  maxAttempts?: number;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  now?: () => number;
  /** The fleet's shared parent token (default: Redis when REDIS_URL is set; null for none). */
  sharedParent?: SharedParentSlot | null;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_TIMEOUT_MS = 15_000;

function sdkAuthFor(credentials: BoxCredentials, storage: ExpiringTokenStorage): BoxJwtAuth | BoxCcgAuth | BoxDeveloperTokenAuth {
  switch (credentials.kind) {
    case 'jwt':
      return new BoxJwtAuth({ config: JwtConfig.fromConfigJsonString(credentials.configJson, storage) });
    case 'ccg':
      return new BoxCcgAuth({
        config: new CcgConfig({
          clientId: credentials.clientId,
          clientSecret: credentials.clientSecret,
          ...(credentials.subject.type === 'user' ? { userId: credentials.subject.id } : { enterpriseId: credentials.subject.id }),
          tokenStorage: storage,
        }),
      });
    case 'developer-token':
      return new BoxDeveloperTokenAuth({ token: credentials.token });
  }
}

export function createBoxConnection(credentials: BoxCredentials, options: BoxConnectionOptions = {}): BoxConnection {
  const storage = new ExpiringTokenStorage(options.now);
  const sdkAuth = sdkAuthFor(credentials, storage);
  let session: NetworkSession | undefined;
  const ownStorage = credentials.kind === 'developer-token' ? undefined : storage;
  const sharedParent = options.sharedParent === undefined ? sharedParentFromEnv(credentials) : (options.sharedParent ?? undefined);
  const auth = new SingleFlightAuth(
    sdkAuth,
    ownStorage,
    () => {
      if (!session) throw new Error('Box network session used before it was created');
      return session;
    },
    ownStorage ? sharedParent : undefined,
    options.now,
  );
  const retryStrategy = new BoundedRetryStrategy(
    {
      totalWaitMs: options.retryBudgetMs ?? getEnv().BOX_RETRY_BUDGET_SECONDS * 1000,
      maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    },
    auth,
  );
  session = new NetworkSession({
    baseUrls: new BaseUrls({ ...credentials.baseUrls }),
    retryStrategy,
    interceptors: [retryStrategy.interceptor],
    timeoutConfig: { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS },
  });
  return {
    kind: credentials.kind,
    baseUrls: credentials.baseUrls,
    networkSession: session,
    auth,
    client: new BoxClient({ auth, networkSession: session }),
    oauth: new AuthorizationManager({ networkSession: session }),
    appClient: credentials.kind === 'developer-token' ? undefined : { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
    actorToken: createActorTokenSigner(credentials.kind === 'developer-token' ? undefined : credentials.clientId, actorSigningKeyOf(credentials)),
  };
}

function sharedParentFromEnv(credentials: BoxCredentials): SharedParentSlot | undefined {
  if (credentials.kind === 'developer-token') return undefined;
  const values = createSharedValues({ namespace: 'parent', schema: SharedParentSchema });
  return values ? { values, key: credentials.clientId } : undefined;
}

/** The process-wide connection, from the environment (sandbox when no Box credentials are set). */
export function getBoxConnection(): BoxConnection {
  return processSingleton('box.connection', () => createBoxConnection(loadCredentials(getEnv())));
}
