/**
 * Content-Security-Policy for Easel's pages: exactly what the pages and
 * ContentPreview need. Scripts: Next's own, by per-request nonce, and what
 * they load ('strict-dynamic': ContentPreview injects the Preview library);
 * Box's API and content hosts for fetches and images; blob:/data: for the
 * images, fonts and workers Preview makes; nothing may frame an editor page,
 * share pages only from EASEL_SHARE_FRAME_ANCESTORS.
 */
export interface CspInput {
  nonce: string;
  /** next dev needs eval for React refresh. */
  dev: boolean;
  /** Box API origin (the sandbox in sandbox mode). */
  apiHost: string;
  /** Preview library host; empty when Easel serves it itself (sandbox). */
  staticHost: string;
  /** Where Box serves representation content (real Box only). */
  contentHosts: readonly string[];
  /** Who may frame this page; empty = nobody. */
  frameAncestors: readonly string[];
}

/** Box serves representation content from its boxcloud.com hosts (dl., public., …). */
export const BOX_CONTENT_HOSTS = ['https://*.boxcloud.com'] as const;

export function contentSecurityPolicy(input: CspInput): string {
  const box = [input.apiHost, input.staticHost, ...input.contentHosts].filter(Boolean);
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${input.nonce}'`, "'strict-dynamic'", ...(input.staticHost ? [input.staticHost] : []), ...(input.dev ? ["'unsafe-eval'"] : [])],
    // React and Preview set style attributes; styles can't run code.
    'style-src': ["'self'", "'unsafe-inline'", ...(input.staticHost ? [input.staticHost] : [])],
    'img-src': ["'self'", 'blob:', 'data:', ...box],
    'font-src': ["'self'", 'data:', ...(input.staticHost ? [input.staticHost] : [])],
    'connect-src': ["'self'", ...box],
    'media-src': ["'self'", 'blob:', ...box],
    'worker-src': ["'self'", 'blob:', ...(input.staticHost ? [input.staticHost] : [])],
    'frame-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': input.frameAncestors.length > 0 ? [...input.frameAncestors] : ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Share pages may be framed by the configured origins; every other page by nobody. */
export function frameAncestorsFor(pathname: string, shareFrameAncestors: readonly string[]): readonly string[] {
  return pathname.startsWith('/s/') ? shareFrameAncestors : [];
}

/** Pages whose URL is a capability (share links) or names a file: never sent as a referrer. */
export function referrerPolicyFor(pathname: string): string {
  return pathname.startsWith('/s/') || pathname.startsWith('/files/') ? 'no-referrer' : 'strict-origin-when-cross-origin';
}

/** EASEL_SHARE_FRAME_ANCESTORS: space- or comma-separated https origins. */
export function parseFrameAncestors(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}
