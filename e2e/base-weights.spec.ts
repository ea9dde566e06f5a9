// A pretrained base's weights in the browser, offline: fixture files in the exact layout of the ones Keras
// downloads (seeded random values, written here by the lab's own HDF5 writer), dropped in or "downloaded" from
// the lab's own origin (the URL base is a test-only page global). The guard in fixtures.ts fails any request
// to another origin, so these tests also prove nothing reaches Keras' storage.
import type { BrowserContext, Page } from '@playwright/test';
import { baseFixtureFile } from '../src/worker/h5/base-fixture';
import { expect, openLab, test } from './fixtures';
import { writeImageFolder } from './helpers';

const SMALL = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5';
// The mobilenet-v2-feature-extraction preset: alpha 1.0 at 160x160.
const PRESET_FILE = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_160_no_top.h5';
let small: Buffer;
let presetFile: Buffer;

test.beforeAll(async () => {
  small = Buffer.from(await baseFixtureFile({ base: 'mobilenet_v2', alpha: 0.35 }));
  presetFile = Buffer.from(await baseFixtureFile({ base: 'mobilenet_v2', alpha: 1.0 }));
});

const status = (page: Page) => page.getByTestId('base-status');
const h5 = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/x-hdf5', buffer });

async function serveWeights(context: BrowserContext, page: Page, answer: () => Promise<Buffer | number>) {
  await page.addInitScript(() => {
    (window as { __labBaseWeightsUrl?: string }).__labBaseWeightsUrl = `${location.origin}/test-base-weights/`;
  });
  await context.route('**/test-base-weights/*', async (route) => {
    const body = await answer();
    if (typeof body === 'number') await route.fulfill({ status: body, body: 'nope' }).catch(() => undefined);
    else
      await route
        .fulfill({ status: 200, body, headers: { 'content-length': String(body.length) } })
        .catch(() => undefined);
  });
}

test('a dropped MobileNetV2 0.35 file is checked, kept across a reload, and removable', async ({ page }) => {
  await openLab(page, 'model');
  await expect(status(page)).toHaveAttribute('data-state', 'none');
  await page.getByTestId('base-weights-input').setInputFiles(h5(SMALL, small));
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toHaveAttribute('data-base', 'mobilenet_v2');
  const row = page.getByTestId('base-file-row');
  await expect(row).toHaveAttribute('data-file', SMALL);
  await expect(row).toHaveAttribute('data-bytes', String(small.length));
  await expect(row).toHaveAttribute('data-where', 'opfs'); // the origin private file system, not IndexedDB
  await expect(row).toContainText('1.70 MB');
  // Kept in the browser: a reload finds it without the file being given again.
  await page.reload();
  await page.getByTestId('nav-model').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('base-file-row')).toHaveAttribute('data-file', SMALL);
  await page.getByTestId('base-file-remove').click();
  await expect(status(page)).toHaveAttribute('data-state', 'none');
  await page.reload();
  await page.getByTestId('nav-model').click();
  await expect(status(page)).toHaveAttribute('data-state', 'none');
  await expect(page.getByTestId('base-file-row')).toHaveCount(0);
});

test('a damaged file gives a clear error and keeps nothing', async ({ page }) => {
  await openLab(page, 'model');
  await page.getByTestId('base-weights-input').setInputFiles(h5(SMALL, small.subarray(0, 400_000)));
  await expect(status(page)).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('base-weights-error')).toContainText(
    `"${SMALL}" is truncated: it has 400,000 bytes of the ${small.length.toLocaleString('en-US')}`,
  );
  await page.getByTestId('base-weights-input').setInputFiles(h5('notes.h5', Buffer.from('not a weights file')));
  await expect(page.getByTestId('base-weights-error')).toContainText('is not an HDF5 file');
  await expect(page.getByTestId('base-file-row')).toHaveCount(0);
});

test("the download: file, URL, size and checksum shown first; progress and cancel; then the model's base is ready", async ({
  context,
  page,
}) => {
  let release: () => void = () => undefined;
  let held = new Promise<void>((resolve) => (release = resolve));
  await serveWeights(context, page, async () => {
    await held;
    return presetFile;
  });
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('mobilenet-v2-feature-extraction');
  await expect(status(page)).toHaveAttribute('data-state', 'none');
  const panel = page.locator('.base-weights');
  await expect(panel).toContainText(PRESET_FILE);
  await expect(panel).toContainText(`/test-base-weights/${PRESET_FILE}`);
  await expect(panel).toContainText('about 8.61 MB');
  await expect(panel).toContainText('Keras names no checksum for this file');
  // Cancelled while the server holds the answer: back to none, no error.
  await page.getByTestId('base-download-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'loading');
  await expect(page.getByTestId('base-download-progress')).toBeVisible();
  await page.getByTestId('base-download-cancel').click();
  await expect(status(page)).toHaveAttribute('data-state', 'none');
  await expect(page.getByTestId('base-weights-error')).toHaveCount(0);
  release();
  held = Promise.resolve();
  await page.getByTestId('base-download-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toHaveAttribute('data-base', 'mobilenet_v2');
  await expect(page.getByTestId('base-file-row')).toHaveAttribute('data-bytes', String(presetFile.length));
});

test('a failed download says so, links the file to get by hand, and the dropped file then works', async ({
  context,
  page,
}) => {
  await serveWeights(context, page, async () => 403);
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('mobilenet-v2-feature-extraction');
  await page.getByTestId('base-download-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('base-weights-error')).toContainText('The storage answered 403');
  const link = page.getByTestId('base-weights-link');
  await expect(link).toHaveAttribute('href', new RegExp(`/test-base-weights/${PRESET_FILE.replace(/\./g, '\\.')}$`));
  await page.getByTestId('base-weights-input').setInputFiles(h5(PRESET_FILE, presetFile));
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('base-weights-error')).toHaveCount(0);
});

test('training with a MobileNetV2 base: without its weights the run says what to do; with the dropped file it trains', async ({
  page,
}) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('mobilenet-v2-feature-extraction');
  await page.getByTestId('nav-data').click();
  await page
    .getByTestId('folder-input')
    .setInputFiles(writeImageFolder('base-pets', ['cat', 'dog'], 6, { mode: 'rgb' }));
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('error-message')).toContainText(
    `The mobilenetv2_1.00_160 base has no ImageNet weights in this browser yet (${PRESET_FILE})`,
  );
  await page.getByTestId('nav-model').click();
  await page.getByTestId('base-weights-input').setInputFiles(h5(PRESET_FILE, presetFile));
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('epoch-row')).toHaveCount(1);
});
