import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { log } from '../log';
import { preconnect } from 'react-dom';
import type { PreviewFileWire } from '../box/types';
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
    previewLibraryVersion: sandbox ? sandboxPreviewVersion() : PREVIEW_LIBRARY_VERSION,
  };
}

const VersionFileSchema = z.object({ version: z.string().regex(/^v-[0-9a-f]{12}$/) });
let sandboxVersion: string | undefined;

/**
 * The sandbox Preview library's content-addressed version, as the last
 * `npm run build` / `npm run dev` wrote it (scripts/build-preview-lib.ts);
 * read once per process.
 */
function sandboxPreviewVersion(): string {
  if (sandboxVersion) return sandboxVersion;
  try {
    sandboxVersion = VersionFileSchema.parse(JSON.parse(readFileSync(path.join(process.cwd(), 'public/platform/preview/version.json'), 'utf8'))).version;
  } catch {
    log.error({ event: 'preview.library_missing' }, 'the sandbox Preview library is not built: run `npm run build`');
    return PREVIEW_LIBRARY_VERSION;
  }
  return sandboxVersion;
}

export function getPreviewHosts(): PreviewHosts {
  return previewHostsOf(getEnv());
}

function originOf(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * Opens the connections a preview will need while the page's JavaScript
 * loads: Box's API (fetch, CORS: anonymous), the representation host (the
 * image or document bytes) and the Preview library's host.
 */
export function preconnectPreviewHosts(hosts: PreviewHosts, previewFile: PreviewFileWire): void {
  const entries = (previewFile.representations as { entries?: Array<{ content?: { url_template?: unknown } }> } | null)?.entries ?? [];
  const apiOrigin = originOf(hosts.apiHost);
  if (apiOrigin) preconnect(apiOrigin, { crossOrigin: 'anonymous' });
  for (const origin of new Set(entries.map((entry) => originOf(entry.content?.url_template)))) {
    if (!origin) continue;
    preconnect(origin);
    preconnect(origin, { crossOrigin: 'anonymous' });
  }
  const staticOrigin = originOf(hosts.staticHost);
  if (staticOrigin) preconnect(staticOrigin);
}
