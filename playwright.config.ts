import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './scripts/find-chromium.mjs';

// E2E_PORT lets several checkouts run their suites at once without sharing a server or a build.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT_DIR = `.e2e-dist/${PORT}`;
const executablePath = (await findChromium()) ?? undefined;

export default defineConfig({
  testDir: 'e2e',
  // Training in software-rendered backends is slow; tests wait for UI state, never for time.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath, args: chromiumArgs() },
    // The built lab registers a service worker that serves from its cache: only e2e/offline.spec.ts lets it run,
    // so every other test talks to the server (and sees its page.route handlers) as before.
    serviceWorkers: 'block',
  },
  webServer: {
    // The production build, served with the same COOP/COEP headers as in dev.
    command: `npx vite build --logLevel warn --outDir ${OUT_DIR} --emptyOutDir && npx vite preview --outDir ${OUT_DIR} --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 300_000,
  },
});
