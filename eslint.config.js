// Lint rules double as the project's architecture: each folder may only import
// what its layer is allowed to know about (see docs/ARCHITECTURE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const tfjs = { group: ['@tensorflow/*'], message: 'Only src/worker and src/kernels may load TensorFlow.js; the main thread never does.' };
const uiLayer = { group: ['**/ui/*', '**/ui/**', 'react', 'react-dom', 'react-dom/*'], message: 'This layer is UI-free.' };
const storeLayer = { group: ['**/store/*', '**/store/**', 'zustand', 'zustand/*'], message: 'This layer must not know the store.' };
const workerInternals = { group: ['**/worker/trainer*', '**/worker/backends*', '**/worker/*.worker*', '**/kernels/**'], message: 'Talk to the worker through its client and protocol only.' };

export default tseslint.config(
  { ignores: ['dist', '.e2e-dist', 'node_modules', 'test-results', 'playwright-report', 'bench/tmp', 'public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**', 'src/App.tsx', 'src/main.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs, workerInternals] }] },
  },
  {
    files: ['src/store/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs, uiLayer, workerInternals] }] },
  },
  {
    files: ['src/model/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs, uiLayer, storeLayer] }] },
  },
  {
    files: ['src/export/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs, uiLayer, storeLayer, workerInternals] }] },
  },
  {
    files: ['src/data/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs, uiLayer, storeLayer] }] },
  },
  {
    files: ['src/worker/**', 'src/kernels/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [uiLayer, storeLayer] }] },
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'e2e/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
