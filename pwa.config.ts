// The lab installs as an app and works with the network off (classrooms with
// filtered networks): vite-plugin-pwa writes a Workbox service worker that
// precaches everything the lab runs on, so one visit is enough.
//
// * What is kept: the page, its scripts and workers, every .wasm (tfjs-wasm's
//   three builds and the lab's kernels) and the built-in MNIST file; Shapes is
//   drawn by a worker. The benchmark page (bench.html) is not.
// * Updates are never swapped in by themselves (no skipWaiting): a new worker
//   waits, the page announces it (ui/shell/UpdateBanner.tsx), and the student
//   reloads when no run is going.
// * Cross-origin isolation offline: the Cache API keeps a response's headers,
//   and Workbox serves the precached response as it was fetched, so the page
//   and its workers keep the server's COOP/COEP (e2e/offline.spec.ts checks
//   `crossOriginIsolated` offline).
// * `npm run dev` registers no worker (devOptions off): dev reloads stay live.
import { VitePWA } from 'vite-plugin-pwa';

/** Large enough for MNIST (7.8 MB) and the tfjs chunks; Workbox's default (2 MiB) would leave them out silently. */
const LARGEST_PRECACHED_FILE = 16 * 1024 * 1024;

export const labPwa = () =>
  VitePWA({
    registerType: 'prompt',
    injectRegister: false,
    strategies: 'generateSW',
    manifest: {
      name: 'Convnet Lab',
      short_name: 'Convnet Lab',
      description:
        'Build, train and look inside convolutional networks in your browser. Your images never leave your machine.',
      theme_color: '#4f46e5',
      background_color: '#ffffff',
      display: 'standalone',
      start_url: '.',
      scope: '.',
      icons: [
        { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{html,js,css,wasm,svg,png,bin,webmanifest}'],
      globIgnores: ['bench.html', 'assets/bench-*', 'assets/bench.worker-*', 'assets/kernel-check.worker-*'],
      maximumFileSizeToCacheInBytes: LARGEST_PRECACHED_FILE,
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/^\/bench/],
      // The first visit's page is taken over at once, so it works offline without a second load.
      clientsClaim: true,
      skipWaiting: false,
      cleanupOutdatedCaches: true,
    },
    devOptions: { enabled: false },
  });
