// The lab after one visit, with the network off: its service worker serves the
// page, scripts, workers, WASM and the built-in MNIST from its cache, keeping
// cross-origin isolation (WASM threads), and a run trains to the end.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { datasetStatus, loadSmallMnist } from './helpers';

// Only this spec lets the service worker run (playwright.config.ts blocks it elsewhere).
test.use({ serviceWorkers: 'allow' });

test('after one visit the lab opens, loads MNIST and Shapes and trains with the network off', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    let bytes = 0;
    let files = 0;
    for (const key of keys)
      for (const request of await (await caches.open(key)).keys()) {
        const response = await (await caches.open(key)).match(request);
        bytes += (await response!.arrayBuffer()).byteLength;
        files++;
      }
    return { bytes, files };
  });
  console.log(`offline cache: ${cached.files} files, ${(cached.bytes / 1e6).toFixed(1)} MB`);

  await context.setOffline(true);
  // The server is unreachable from here on (a file the cache lacks fails): every response comes from the service worker.
  const probe = () =>
    fetch('/not-in-the-cache.txt').then(
      () => 'reached',
      () => 'unreachable',
    );
  expect(await page.evaluate(probe)).toBe('unreachable');
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await loadSmallMnist(page, 10, 'train');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('epoch-row')).toHaveCount(1);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('error-message')).toHaveCount(0);

  await page.getByTestId('nav-data').click();
  await page.getByTestId('builtin-select').selectOption('shapes');
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('class-row')).toHaveCount(4);
});

test('a new version is announced and waits: no reload during a run, then Reload swaps it in', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('offline-ready')).toBeVisible({ timeout: 120_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  // A new version deployed: the served sw.js changes (as every build's precache list does).
  const sw = join('.e2e-dist', process.env.E2E_PORT ?? '4173', 'sw.js');
  const original = readFileSync(sw, 'utf8');
  try {
    writeFileSync(sw, `${original}\n// the next version\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    await expect(page.getByTestId('update-banner')).toBeVisible();
  } finally {
    writeFileSync(sw, original);
  }
  // It waits: the page still runs the version it opened with.
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null)).toBe(
    true,
  );

  await loadSmallMnist(page, 10, 'train');
  await page.getByTestId('epochs-input').fill('100');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'training');
  await expect(page.getByTestId('update-reload-button')).toBeDisabled();
  await expect(page.getByTestId('update-banner')).toContainText('once this run has ended');
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'stopped');

  await Promise.all([page.waitForEvent('load'), page.getByTestId('update-reload-button').click()]);
  await expect(page.getByTestId('update-banner')).toHaveCount(0);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
});
