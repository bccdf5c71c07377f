// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several servers (dev, tests, benchmarks) coexist.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['box-node-sdk', 'pino', 'sharp', '@electric-sql/pglite', '@node-rs/argon2', 'pg'],
  transpilePackages: ['box-ui-elements'],
};

module.exports = nextConfig;
