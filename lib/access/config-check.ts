import { galleryFolderIdsOf, getEnv, type Env } from '../config/env';
import { loadCredentials } from '../box/credentials';
import { parseRoleScopes } from './roles';

/**
 * Everything the token service reads from the environment, checked at once so
 * a start script can fail fast with the exact problem (ConfigError) instead of
 * on the first visitor. Returns a summary that holds no secret.
 */
export function checkBoxConfiguration(env: Env = getEnv()): { auth: string; baseUrl: string; galleryFolderIds: string[] } {
  const credentials = loadCredentials(env);
  parseRoleScopes(env.EASEL_ROLE_SCOPES);
  const auth = credentials.kind === 'jwt' ? `jwt (${credentials.source})` : credentials.kind;
  return { auth, baseUrl: credentials.baseUrls.baseUrl, galleryFolderIds: galleryFolderIdsOf(env) };
}
