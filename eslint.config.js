// Lint rules double as the project's architecture: each folder lists what it
// MAY import (an allowlist, checked by lint/boundaries.js), so a new
// dependency between layers fails `npm run lint` until it is added here on
// purpose. docs/ARCHITECTURE.md ("Folders") states the same table in words;
// lint/boundaries.test.ts proves every row still fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import boundaries from './lint/boundaries.js';

/** What the page's client (src/client) may use of src/worker: the typed contract (no code behind it). */
const WORKER_API = ['src/worker/protocol', 'src/worker/protocol-*', 'src/worker/job-ticket'];
const PURE = ['src/model/**', 'src/data/**'];
const NO_TFJS = 'The main thread never loads TensorFlow.js: only src/worker, src/kernels and the bench page may.';

/**
 * One row per folder. Later rows win for files that several match (a file
 * gets exactly one row). `files` are ESLint globs; `allow` are repo paths
 * (without extension), `packages` npm package names, `typeOnly` what
 * `import type` may also name; `tests` is what test files of the folder may
 * import besides (vitest and node:* are always allowed there).
 */
export const BOUNDARIES = [
  {
    layer: 'src (a folder without a row)',
    files: ['src/**'],
    allow: [],
    packages: [],
    why: 'Give the folder its row in eslint.config.js (and docs/ARCHITECTURE.md).',
  },
  {
    layer: 'src/model',
    files: ['src/model/**'],
    allow: ['src/model/**'],
    packages: [],
    why: 'The model layer is pure: no tfjs, no React, no store, no worker.',
  },
  {
    layer: 'src/data',
    files: ['src/data/**'],
    allow: ['src/data/**', 'src/model/**'],
    // fflate: the dataset zip (zip.worker.ts).
    packages: ['comlink', 'idb', 'fflate'],
    why: 'The data layer is pure: no tfjs, no React, no store, no worker.',
  },
  {
    layer: 'src/export',
    files: ['src/export/**'],
    allow: ['src/export/**', ...PURE],
    packages: [],
    why: 'Code export is pure: it reads the model and the data only.',
  },
  {
    layer: 'src/kernels',
    files: ['src/kernels/**'],
    allow: ['src/kernels/**'],
    packages: ['@tensorflow/*'],
    why: 'Kernels know tfjs and themselves only.',
    tests: ['src/worker/**', 'src/model/**'],
  },
  // The Vite plugin runs in Node at build time; it needs vite's types only.
  {
    layer: 'src/kernels/wasm/vite-plugin.ts',
    files: ['src/kernels/wasm/vite-plugin.ts'],
    allow: ['src/kernels/**'],
    packages: [],
    typeOnly: ['vite'],
  },
  {
    layer: 'src/worker',
    files: ['src/worker/**'],
    allow: ['src/worker/**', 'src/kernels/**', ...PURE],
    packages: ['@tensorflow/*', 'comlink', 'idb', 'fflate', 'h5wasm'],
    why: 'The worker never knows the store or the UI.',
  },
  {
    layer: 'the worker API (protocol, protocol-*, job-ticket)',
    files: WORKER_API.map((p) => `${p}.ts`),
    allow: [...WORKER_API, ...PURE],
    packages: [],
    typeOnly: ['src/worker/**'],
    why: `The page's client imports these, so they import no tfjs: only types of the rest of src/worker. ${NO_TFJS}`,
  },
  {
    layer: 'src/client',
    files: ['src/client/**'],
    allow: ['src/client/**', ...WORKER_API, ...PURE],
    packages: ['comlink'],
    why: `The page's client knows the worker by its contract only (src/worker/protocol, job-ticket). ${NO_TFJS}`,
  },
  {
    layer: 'src/store',
    files: ['src/store/**'],
    allow: ['src/store/**', 'src/export/**', 'src/client/**', ...PURE],
    // IndexedDB through src/data/indexed-db.ts (one opener for every database).
    packages: ['zustand'],
    why: `The store talks to workers through src/client only; no UI. ${NO_TFJS}`,
  },
  {
    layer: 'src/ui',
    files: ['src/ui/**'],
    allow: ['src/ui/**', 'src/store/**', 'src/export/**', 'src/client/**', ...PURE],
    // virtual:pwa-register: vite-plugin-pwa's service-worker registration (ui/offline).
    packages: ['react', 'react-dom', 'recharts', 'zustand', 'virtual:pwa-register'],
    why: `The UI reaches workers through the store and src/client only. ${NO_TFJS}`,
  },
  {
    layer: 'the main-thread entry',
    files: ['src/main.tsx', 'src/App.tsx'],
    allow: ['src/App', 'src/ui/**', 'src/store/**', ...PURE],
    packages: ['react', 'react-dom'],
    why: NO_TFJS,
  },
  {
    layer: 'src/bench-page',
    files: ['src/bench-page/**'],
    allow: [
      'src/bench-page/**',
      'src/kernels/**',
      'src/worker/model/**',
      'src/worker/train-step',
      'src/worker/losses',
      ...PURE,
    ],
    packages: ['@tensorflow/*'],
    why: "The bench page never knows the store or the UI; it times the trainer's own step.",
  },
  // bench.html's own main thread stays free of tfjs too: it only starts workers.
  {
    layer: 'src/bench-page/main.ts',
    files: ['src/bench-page/main.ts'],
    allow: [],
    packages: [],
    typeOnly: ['src/bench-page/**', 'src/model/**'],
    why: NO_TFJS,
  },
];

// *.bench.ts: `vitest bench` timings (e.g. src/kernels/wasm/depthwise-backprop.bench.ts), run by hand, never in CI.
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.bench.ts', '**/*test-helpers.ts', 'src/worker/test-data.ts'];
// fake-indexeddb: Node has no IndexedDB; tests of what the lab stores there use this in-memory one.
const TEST_PACKAGES = ['vitest', 'node:*', 'fake-indexeddb'];
const option = ({ layer, allow, packages, typeOnly, why }) => ({
  layer,
  allow,
  packages,
  ...(typeOnly ? { typeOnly } : {}),
  ...(why ? { why } : {}),
});

const boundaryBlocks = BOUNDARIES.flatMap((row) => [
  { files: row.files, rules: { 'lab/imports': ['error', option(row)] } },
  // Tests (and their helpers) also get vitest, node:* and the row's `tests`.
  {
    files: row.files.flatMap((f) => TEST_FILES.map((t) => [f, t])),
    rules: {
      'lab/imports': [
        'error',
        option({
          ...row,
          layer: `tests in ${row.layer}`,
          allow: [...row.allow, ...(row.tests ?? [])],
          packages: [...row.packages, ...TEST_PACKAGES],
        }),
      ],
    },
  },
]);

export default tseslint.config(
  { ignores: ['dist', '.e2e-dist', 'node_modules', 'test-results', 'playwright-report', 'bench/tmp', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks, lab: boundaries },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Prettier wraps code at 120 columns but never comments or long messages: comments wrap here too.
      'max-len': [
        'error',
        { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  ...boundaryBlocks,
  {
    files: ['scripts/**/*.{js,mjs}', 'e2e/**', 'lint/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
