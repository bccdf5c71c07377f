import 'server-only';
import { getEnv, modeOf, sandboxUrlOf, type Env } from '../config/env';
import { PREVIEW_LIBRARY_VERSION, PREVIEW_STATIC_PATH, type PreviewHosts } from '../client/preview-hosts';

/**
 * Sandbox mode: the API is the sandbox and the Preview library is Easel's own,
 * served by the app itself (an empty staticHost makes ContentPreview load it
 * from the page's origin). Box mode: Box's API and Box's CDN.
 */
function previewHostsOf(env: Env): PreviewHosts {
  const sandbox = modeOf(env) === 'sandbox';
  return {
    apiHost: (sandbox ? sandboxUrlOf(env) : env.BOX_API_URL).replace(/\/+$/, ''),
    staticHost: sandbox ? '' : env.BOX_STATIC_HOST.replace(/\/+$/, ''),
    staticPath: PREVIEW_STATIC_PATH,
    previewLibraryVersion: PREVIEW_LIBRARY_VERSION,
  };
}

export function getPreviewHosts(): PreviewHosts {
  return previewHostsOf(getEnv());
}
