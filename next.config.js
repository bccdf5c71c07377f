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

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several servers (dev, tests, benchmarks) coexist.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['box-node-sdk', 'pino', 'sharp', '@electric-sql/pglite', '@node-rs/argon2', 'pg'],
  transpilePackages: ['box-ui-elements'],
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
