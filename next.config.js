// @ts-check
const path = require('node:path');

/** Box's UI elements import its CDN fonts; this local file takes their place (see the file). */
const BOX_FONTS_REPLACEMENT = path.join(__dirname, 'components/box-preview/box-fonts.css');
/** ContentPreview lazy-loads Box's whole sidebar, which Easel never shows (see the file). */
const BOX_SIDEBAR_REPLACEMENT = path.join(__dirname, 'components/box-preview/content-sidebar-stub.tsx');
/** ContentPreview's header, reduced to Download / Print (see the file). */
const BOX_HEADER_REPLACEMENT = path.join(__dirname, 'components/box-preview/preview-actions-header.tsx');
/** Blueprint's 650 kB stylesheet, for components Easel never renders (see the file). */
const BLUEPRINT_STYLES_REPLACEMENT = path.join(__dirname, 'components/box-preview/blueprint-styles-stub.css');

const CONTENT_PREVIEW_DIR = /[\\/]box-ui-elements[\\/]es[\\/]elements[\\/]content-preview$/;
const BLUEPRINT_DIR = /[\\/]@box[\\/]blueprint-web[\\/]dist[\\/]lib-esm([\\/]|$)/;

/**
 * Swaps `request` for `replacement` when it is imported from a directory matching `context`.
 * @param {any} webpack @param {RegExp} request @param {RegExp} context @param {string} replacement
 */
function replaceImport(webpack, request, context, replacement) {
  return new webpack.NormalModuleReplacementPlugin(request, (resource) => {
    if (context.test(resource.context ?? '')) resource.request = replacement;
  });
}

/**
 * Headers on every response (pages, API, static files). Pages also get a
 * per-request CSP, framing rules and a Referrer-Policy from proxy.ts; API
 * responses are JSON that nothing should render or frame.
 */
const COMMON_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  ...(process.env.NODE_ENV === 'production' ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
];
const API_HEADERS = [
  { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
  { key: 'Referrer-Policy', value: 'no-referrer' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several servers (dev, tests, benchmarks) coexist.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['box-node-sdk', 'pino', 'sharp', '@electric-sql/pglite', '@node-rs/argon2', 'pg'],
  transpilePackages: ['box-ui-elements'],
  async headers() {
    return [
      { source: '/:path*', headers: COMMON_HEADERS },
      { source: '/api/:path*', headers: API_HEADERS },
      // The sandbox Preview library's folders are named by a hash of their content (scripts/build-preview-lib.ts).
      { source: '/platform/preview/:version(v-[0-9a-f]{12})/:path*', headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }] },
    ];
  },
  /** @param {import('webpack').Configuration} config @param {{ webpack: typeof import('webpack') }} context */
  webpack(config, { webpack }) {
    config.plugins = config.plugins ?? [];
    config.plugins.push(
      replaceImport(webpack, /[\\/]common[\\/]fonts\.scss$/, /[\\/]box-ui-elements[\\/]/, BOX_FONTS_REPLACEMENT),
      replaceImport(webpack, /^\.\.\/content-sidebar$/, CONTENT_PREVIEW_DIR, BOX_SIDEBAR_REPLACEMENT),
      replaceImport(webpack, /^\.\/preview-header$/, CONTENT_PREVIEW_DIR, BOX_HEADER_REPLACEMENT),
      replaceImport(webpack, /^(\.\.?\/)+index\.css$/, BLUEPRINT_DIR, BLUEPRINT_STYLES_REPLACEMENT),
    );
    return config;
  },
};

module.exports = nextConfig;
