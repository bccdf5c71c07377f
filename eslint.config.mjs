import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

/**
 * Next's rules (React, hooks, a11y, Next), typescript-eslint with type
 * information where it catches real bugs (promises, exhaustive switches),
 * and the import boundaries of ARCHITECTURE.md.
 */

/** `no-restricted-imports` patterns for a folder: the rooms it may not reach, by alias and relative path. */
function forbid(rooms, { relative = ['../'], message }) {
  const group = rooms.flatMap((room) => [`@/${room}`, `@/${room}/*`, ...relative.flatMap((prefix) => [`${prefix}${room.replace(/^lib\//, '')}`, `${prefix}${room.replace(/^lib\//, '')}/*`])]);
  return { patterns: [{ group, message, allowTypeImports: true }] };
}

/** What browser code must never load: server-only rooms and modules holding secrets. */
const SERVER_ROOMS = ['lib/access', 'lib/auth', 'lib/box', 'lib/db', 'lib/editors', 'lib/links', 'lib/loaders', 'lib/http', 'lib/reviews', 'lib/sandbox', 'lib/config', 'lib/log', 'lib/process-singleton', 'lib/fleet', 'lib/metrics', 'lib/notify', 'lib/crypto', 'lib/health'];

/** Every room of the app but lib/config, which sits below them all. */
const APP_ROOMS = ['lib/access', 'lib/auth', 'lib/box', 'lib/client', 'lib/crypto', 'lib/db', 'lib/editors', 'lib/fleet', 'lib/gallery', 'lib/health', 'lib/http', 'lib/links', 'lib/loaders', 'lib/log', 'lib/log-error', 'lib/metrics', 'lib/notify', 'lib/process-singleton', 'lib/reviews', 'lib/sandbox', 'lib/sandbox-preview', 'lib/single-flight', 'components', 'app'];

/** lib/box reaches no app room, and of lib/http only `api-error` (its errors are the app's). */
function forbidBox() {
  const message = 'lib/box is the Box adapter: it knows Box and nothing of the app (see ARCHITECTURE.md).';
  const rooms = forbid(['lib/sandbox', 'lib/sandbox-preview', 'lib/access', 'lib/links', 'lib/db', 'lib/editors', 'lib/auth', 'lib/loaders', 'lib/client', 'lib/gallery', 'lib/notify', 'lib/reviews', 'lib/health'], { message });
  // A regex, as gitignore-style groups cannot re-include a file of an excluded folder.
  const http = { regex: '^(@/lib|\\.\\.)/http(/(?!api-error$).*)?$', message, allowTypeImports: true };
  return { patterns: [...rooms.patterns, http] };
}

export default defineConfig([
  globalIgnores([
    '.next/**',
    '.next-*/**',
    '.data/**',
    'public/**',
    'test-results/**',
    'playwright-report/**',
    'bench/results/**',
    'next-env.d.ts',
    'lib/db/migrations/**',
  ]),
  ...nextVitals,
  ...nextTypescript,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Tests and the sandbox read loosely typed JSON on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      // A closure may read a variable that is assigned once, later (lib/box/connection.ts).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // React Compiler rules: Easel doesn't use the compiler, and its hooks read the clock and
      // mirror SWR data into refs during render on purpose (lib/client/use-box-token.ts).
      'react-hooks/purity': 'off',
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
    },
  },
  {
    files: ['*.js', '*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // Import boundaries (ARCHITECTURE.md). Type-only imports may cross: they vanish at build time.
  {
    files: ['lib/box/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', forbidBox()],
    },
  },
  {
    files: ['lib/config/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', forbid(APP_ROOMS, { relative: ['../', '../../'], message: 'lib/config parses the environment and imports nothing of the app (see ARCHITECTURE.md).' })],
    },
  },
  {
    files: ['lib/sandbox/**', 'lib/sandbox-preview/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/*', '../*', '!../config', '../config/*', '!../config/sandbox-defaults', '!../sandbox', '!../sandbox/*', '!../sandbox-preview', '!../sandbox-preview/*'], message: 'The sandbox and its Preview library depend on nothing of the app but lib/config/sandbox-defaults.ts.' }] }],
    },
  },
  {
    files: ['lib/sandbox-preview/*/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/*', '../../*', '!../../sandbox-preview', '!../../sandbox-preview/*'], message: 'The sandbox Preview library depends on nothing of the app.' }] }],
    },
  },
  {
    files: ['components/**', 'lib/client/**', 'lib/gallery/gallery-tiles.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'server-only', message: 'Browser code must not load server-only modules.' }],
        ...forbid(SERVER_ROOMS, { relative: ['../', '../../'], message: 'Browser code must not load server modules (type imports are fine).' }),
      }],
    },
  },
  {
    files: ['lib/db/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', forbid(['lib/access', 'lib/links', 'lib/editors', 'lib/box', 'lib/loaders', 'lib/notify'], { relative: ['../', '../../'], message: 'lib/db is below the domain rooms: they import it, never the reverse.' })],
    },
  },
  {
    files: ['lib/links/**', 'lib/auth/**', 'lib/http/**', 'lib/editors/**', 'lib/gallery/**', 'lib/reviews/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', forbid(['lib/access', 'lib/loaders'], { message: 'lib/access and lib/loaders sit above this room (see ARCHITECTURE.md).' })],
    },
  },
  {
    files: ['lib/fleet/**', 'lib/metrics/**', 'lib/crypto/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', forbid(['lib/access', 'lib/loaders', 'lib/box', 'lib/links', 'lib/editors', 'lib/db', 'lib/http', 'lib/gallery', 'lib/reviews', 'lib/sandbox', 'lib/client'], { message: 'Shared utilities (fleet state, metrics, sealing) know nothing of the rooms that use them (see ARCHITECTURE.md).' })],
    },
  },
  {
    files: ['lib/notify/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', forbid(['lib/access', 'lib/loaders', 'lib/links', 'lib/editors', 'lib/client', 'lib/sandbox'], { message: 'lib/notify delivers events; the rooms that cause them import it (see ARCHITECTURE.md).' })],
    },
  },
  {
    files: ['lib/access/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', forbid(['lib/loaders', 'lib/client', 'lib/sandbox'], { message: 'lib/access decides tokens; routes and pages call it, not the reverse.' })],
    },
  },
]);
