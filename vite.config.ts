/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { tfjsWasmThreadsPlugin } from './src/kernels/wasm/vite-plugin.ts';
import { hasRelaxedSimd } from './src/kernels/wasm/native.ts';
import { labPwa } from './pwa.config.ts';

// Cross-origin isolation lets the WASM backend use SharedArrayBuffer threads.
// The same two headers must be set by whatever static host serves dist/ (see README).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), tfjsWasmThreadsPlugin(), labPwa()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // Pre-bundle what the workers import lazily; otherwise the dev server finds
  // them mid-training, re-optimizes and reloads the page (losing the run).
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      'comlink',
      'idb',
      'h5wasm',
    ],
  },
  worker: { format: 'es', plugins: () => [tfjsWasmThreadsPlugin()] },
  build: {
    target: 'es2022',
    // h5wasm's chunk is 4.8 MB (libhdf5's WASM embedded), loaded only when a weights file is read or written.
    chunkSizeWarningLimit: 5120,
    // bench.html (its code: src/bench-page/): the plain-tfjs training benchmark
    // that `npm run bench` drives through the Node modules in bench/.
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        bench: fileURLToPath(new URL('bench.html', import.meta.url)),
      },
    },
  },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    // The lab's WASM kernels have two builds (src/kernels/wasm/README.md): every
    // test runs once with the plain SIMD build (`unit`), and the kernel tests once
    // more with the relaxed-SIMD build (`relaxed`); test-helpers.ts reads
    // LAB_KERNEL_SIMD. Node 20 (V8 11.3) runs relaxed SIMD only behind a flag;
    // later Node has it on (and may not know the flag), hence only when needed.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'lint/**/*.test.ts'],
          env: { LAB_KERNEL_SIMD: 'simd' },
        },
      },
      {
        extends: true,
        test: {
          name: 'relaxed',
          include: ['src/kernels/wasm/*.test.ts'],
          exclude: ['src/kernels/wasm/vite-plugin.test.ts', 'src/kernels/wasm/kernel-threads-pool.test.ts'],
          env: { LAB_KERNEL_SIMD: 'relaxed' },
          execArgv: hasRelaxedSimd() ? [] : ['--experimental-wasm-relaxed-simd'],
        },
      },
    ],
  },
});
