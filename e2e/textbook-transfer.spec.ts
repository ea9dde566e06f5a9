// The textbook's transfer learning end to end with VGG16 on a small colour folder: a fixture VGG16 file dropped in
// (the downloaded file's layout, seeded weights), its three presets trained two epochs each, the
// feature-extraction run fine-tuned in one click, then the three-way comparison, whose run 3 goes on from run 2's
// classifier. At 32x32 (VGG16's forward at 180x180 is ~3 s an image on this WASM, far too slow for CI); the
// three-way at 80x80, the least the textbook's scratch convnet takes (78). No request leaves the lab's origin.
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { baseFixtureFile } from '../src/worker/h5/base-fixture';
import { expect, openLab, test } from './fixtures';
import { savedRuns, tempFolder, writeImageFolder } from './helpers';

const VGG16_FILE = 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';

/** A preset at `size`x`size` (a base preset brings its 180x180; the folder is made again at the size typed). */
async function preset(page: Page, id: string, size: number) {
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption(id);
  await page.getByTestId('input-height').fill(String(size));
  await page.getByTestId('input-width').fill(String(size));
  await expect(page.locator('[data-testid="summary-row"][data-layer-type="Functional"]')).toContainText('vgg16');
}

/** Trains the model in the editor two epochs on WASM, to the end. */
async function train(page: Page) {
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('2');
  await expect(page.getByTestId('train-button')).toBeEnabled();
  await page.getByTestId('train-button').click();
  const status = page.getByTestId('training-status');
  await expect(status).toHaveAttribute('data-state', /preparing|training/);
  await expect(status).toHaveAttribute('data-state', /done|error|stopped/, { timeout: 120_000 });
  expect(
    await status.getAttribute('data-state'),
    (await page.getByTestId('error-message').allTextContents()).join(),
  ).toBe('done');
  await expect(page.getByTestId('epoch-row')).toHaveCount(2);
}

test("VGG16 the textbook's three ways on a colour folder: feature extraction, with augmentation, fine-tuned, compared", async ({
  page,
}) => {
  test.setTimeout(360_000);
  const weights = tempFolder(VGG16_FILE);
  writeFileSync(weights, await baseFixtureFile({ base: 'vgg16' }));
  await openLab(page);
  await preset(page, 'vgg16-feature-extraction', 32);
  await page.getByTestId('base-weights-input').setInputFiles(weights);
  await expect(page.getByTestId('base-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('nav-data').click();
  await page
    .getByTestId('folder-input')
    .setInputFiles(writeImageFolder('vgg16-textbook', ['cat', 'dog'], 5, { mode: 'rgb', width: 80, height: 80 }));
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-state', 'ready');

  // The textbook's three models, two epochs each.
  await train(page);
  await preset(page, 'vgg16-feature-extraction-augmented', 32);
  await train(page);
  await preset(page, 'vgg16-fine-tuning', 32);
  await train(page);
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.00001');

  // Fine-tune the feature-extraction run in one click: its model from block5_conv1, RMSprop 1e-5, its weights.
  await page.getByTestId('nav-runs').click();
  const items = page.getByTestId('run-item');
  await expect(items).toHaveCount(3);
  const byAge = async () => (await savedRuns(page)).sort((a, b) => a.createdAt - b.createdAt);
  const featureRun = (await byAge())[0]!.id;
  const button = page
    .locator(`[data-testid="run-item"][data-run-id="${featureRun}"]`)
    .getByTestId('fine-tune-run-button');
  await expect(button).toHaveText('Fine-tune this run from block5_conv1');
  // The fine-tuning preset's run already trains its base: nothing to offer there.
  await expect(items.getByTestId('fine-tune-run-button')).toHaveCount(2);
  await button.click();
  await expect(page.getByTestId('start-weights-note')).toHaveAttribute('data-run-id', featureRun);
  await expect(page.getByTestId('optimizer-select')).toHaveValue('rmsprop');
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.00001');
  await page.getByTestId('nav-model').click();
  await expect(page.getByTestId('fine-tune-from-select')).toHaveValue('block5_conv1');
  await train(page);
  await expect
    .poll(async () => (await byAge()).at(-1))
    .toMatchObject({ end: 'done', fineTune: { fromRunId: featureRun, frozen: [], layers: 'head' } });

  // The three-way comparison at 80x80, one epoch each: it ends in three runs, run 3 from run 2's classifier.
  await page.getByTestId('nav-model').click();
  await page.getByTestId('input-height').fill('80');
  await page.getByTestId('input-width').fill('80');
  // The folder is made again at 80x80 from its kept files.
  await page.getByTestId('nav-data').click();
  await expect(page.getByTestId('dataset-status')).toContainText('80×80×3');
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('compare-three-epochs-input').fill('1');
  await expect(page.getByTestId('compare-three-reason')).toHaveCount(0);
  await expect(page.getByTestId('compare-three-button')).toBeEnabled();
  await page.getByTestId('compare-three-button').click();
  const progress = page.getByTestId('compare-three-progress');
  await expect(progress).toHaveAttribute('data-step', '3', { timeout: 120_000 });
  await expect(progress).toContainText("Run 3 of 3: fine-tuning from block5_conv1, starting from run 2's classifier");
  await expect(items).toHaveCount(7, { timeout: 120_000 });
  await expect(page.getByTestId('compare-chart').first()).toBeVisible();
  // Each of the three finished and scored on the test split (kept in IndexedDB a moment after).
  await expect
    .poll(async () => (await byAge()).slice(-3).map((r) => [r.end, typeof r.test?.accuracy]))
    .toEqual(Array(3).fill(['done', 'number']));
  const three = (await byAge()).slice(-3);
  expect(three[2]!.name).toBe(
    "Scratch vs feature extraction vs fine-tuning: fine-tuning from block5_conv1, starting from run 2's classifier",
  );
  expect(three[2]!.fineTune).toEqual({ fromRunId: three[1]!.id, frozen: [], layers: 'head' });
});
