/**
 * The few facts the app and the sandbox share. The sandbox imports nothing of
 * the app but this file, so keep it free of imports.
 */

/** The sandbox's "Artwork" folder: the gallery in sandbox mode when EASEL_GALLERY_FOLDER_IDS is unset. */
export const SANDBOX_GALLERY_FOLDER_ID = '100';

/** Any of these set (non-empty) means real Box: the sandbox must not run. */
const BOX_CREDENTIAL_VARIABLES = ['BOX_CONFIG_FILE', 'BOX_CONFIG_JSON', 'BOX_CLIENT_ID', 'BOX_DEVELOPER_TOKEN'] as const;

export function hasBoxCredentials(source: Readonly<Record<string, string | undefined>>): boolean {
  return BOX_CREDENTIAL_VARIABLES.some((name) => (source[name] ?? '').trim() !== '');
}

/** Where the sandbox keeps its keys, app config and content (the app reads the app config from there). */
export function sandboxDataDirOf(env: { SANDBOX_DATA_DIR?: string | undefined; EASEL_DATA_DIR: string }): string {
  return env.SANDBOX_DATA_DIR ?? `${env.EASEL_DATA_DIR}/sandbox`;
}
