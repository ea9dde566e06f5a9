// The README's lessons, followed literally through the UI, asserting what the
// README promises with the numbers it states (bands measured here, given in the
// README). Lesson 1 takes the README's quick-try path (at most 300 images per
// digit) to stay affordable in CI; lesson 2 runs the A/B at its defaults.
import type { Page } from '@playwright/test';
import { expect, openLab, test } from './fixtures';
import { datasetStatus, epochRows, savedRuns } from './helpers';

const MINUTE = 60_000;
const status = (page: Page) => page.getByTestId('training-status');
const testAccuracy = async (page: Page) => Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));

/** Train → keep the defaults but the backend (the README's numbers are WASM's), press Train, wait for the end. */
async function trainToEnd(page: Page, settings: Record<string, string> = {}): Promise<number> {
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  for (const [id, value] of Object.entries(settings)) await page.getByTestId(id).fill(value);
  await page.getByTestId('train-button').click();
  await expect(status(page)).toHaveAttribute('data-state', /preparing|training/);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 6 * MINUTE });
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-value', /\d/);
  return testAccuracy(page);
}

test('lesson 1: the MNIST convnet beats the dense network on the quick try (300 per digit)', async ({ page }) => {
  // Two trainings of 2,400 digits: 4.3 minutes with the whole test on a shared 2-core machine at load 20.
  test.setTimeout(12 * MINUTE);
  // 1. Data: built-in MNIST, default split, at most 300 images per digit (the README's quick try).
  await openLab(page, 'data');
  await page.getByTestId('max-per-class-input').fill('300');
  await page.getByTestId('builtin-select').selectOption('mnist');
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await expect(datasetStatus(page)).toHaveAttribute('data-images', '3000');
  // 2. Model: the MNIST convnet is already there, 104,202 parameters; without max-pooling 712,202.
  await page.getByTestId('nav-model').click();
  await expect(page.getByTestId('preset-select')).toHaveValue('mnist-convnet');
  await expect(page.getByTestId('summary-total-params')).toContainText('104,202');
  await page.getByTestId('preset-select').selectOption('mnist-no-pool');
  await expect(page.getByTestId('summary-total-params')).toContainText('712,202');
  await page.getByTestId('preset-select').selectOption('mnist-convnet');
  await expect(page.getByTestId('input-follows-data')).toHaveText(
    'Input follows your loaded data (MNIST digits): 28×28 grey.',
  );
  // 3. Train at the defaults (5 epochs, batch 64).
  await expect(page.getByTestId('nav-train')).toBeVisible();
  const convnet = await trainToEnd(page);
  await expect(page.getByTestId('epoch-row')).toHaveCount(5);
  // 4. The dense network, trained the same way.
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('mnist-dense');
  await expect(page.getByTestId('summary-total-params')).toContainText('407,050');
  const dense = await trainToEnd(page);
  console.log(`lesson 1, 300 per digit: convnet ${convnet}, dense ${dense}`);
  expect(convnet).toBeGreaterThanOrEqual(LESSON1.convnet[0]);
  expect(convnet).toBeLessThanOrEqual(LESSON1.convnet[1]);
  expect(dense).toBeGreaterThanOrEqual(LESSON1.dense[0]);
  expect(dense).toBeLessThanOrEqual(LESSON1.dense[1]);
  expect(convnet).toBeGreaterThan(dense);
});

test('lesson 1, step 5: a few images for many epochs overfit, and the charts say where', async ({ page }) => {
  // 10 per digit with a 60/20/20 split, 20 epochs, batch size 8, learning rate 0.003.
  await openLab(page, 'data');
  for (const [k, v] of [
    ['train', '60'],
    ['val', '20'],
    ['test', '20'],
  ])
    await page.getByTestId(`split-${k}-input`).fill(v);
  await page.getByTestId('max-per-class-input').fill('10');
  await page.getByTestId('builtin-select').selectOption('mnist');
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await expect(datasetStatus(page)).toHaveAttribute('data-images', '100');
  await trainToEnd(page, { 'epochs-input': '20', 'batch-size-input': '8', 'learning-rate-input': '0.003' });
  const rows = await epochRows(page);
  expect(rows).toHaveLength(20);
  // The training loss keeps falling, the validation loss turns up ...
  expect(rows.at(-1)!.loss).toBeLessThan(rows[0]!.loss / 5);
  const lowest = rows.reduce((a, r) => (r.valLoss < a.valLoss ? r : a));
  expect(lowest.epoch).toBeLessThan(20);
  expect(rows.at(-1)!.valLoss).toBeGreaterThan(lowest.valLoss);
  // ... and the charts mark where overfitting starts.
  await expect(page.getByTestId('overfit-note')).toBeVisible();
  await expect(page.getByTestId('overfit-note')).toHaveAttribute('data-best-epoch', String(lowest.epoch));
});

test('lesson 2: on Shapes the A/B at its defaults shows augmentation and Dropout winning', async ({ page }) => {
  // 30 + 100 epochs on 240 images: 4 to 7 minutes at load 13-25 (docs/BENCHMARKS.md).
  test.setTimeout(20 * MINUTE);
  // 1. Data: the built-in Shapes, which says how its splits are drawn.
  await openLab(page, 'data');
  await page.getByTestId('builtin-select').selectOption('shapes');
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await expect(datasetStatus(page)).toHaveAttribute('data-images', '800');
  await expect(page.getByTestId('builtin-description')).toContainText('Training: 60 tidy images per shape');
  // 2. Model: MNIST convnet; its input follows the 32x32 colour images (the data is not re-made in grey).
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('mnist-convnet');
  await expect(page.getByTestId('input-height')).toHaveValue('32');
  await expect(page.getByTestId('input-channels')).toHaveValue('3');
  await expect(page.getByTestId('input-follows-data')).toContainText('Shapes): 32×32 colour');
  // 3. Train → A/B: the textbook's epochs, said on screen; Run the A/B.
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await expect(page.getByTestId('ab-epochs-input')).toHaveValue('30');
  await expect(page.getByTestId('ab-augmented-epochs-input')).toHaveValue('100');
  await expect(page.getByTestId('ab-epochs-note')).toContainText('30 without, 100 with');
  await page.getByTestId('ab-button').click();
  // Both open in Runs, compared.
  await expect(page.getByTestId('run-item')).toHaveCount(2, { timeout: 18 * MINUTE });
  await expect(page.getByTestId('compare-chart')).toHaveCount(2);
  const [plain, augmented] = (await savedRuns(page)).sort((a, b) => a.createdAt - b.createdAt);
  console.log(
    `lesson 2: plain ${plain!.test?.accuracy} (best epoch ${plain!.bestEpoch}), augmented ${augmented!.test?.accuracy}`,
  );
  // The plain run's validation loss turns up (its lowest well before the end, higher after) ...
  const valLoss = plain!.epochs.map((e) => e.valLoss);
  const lowest = valLoss.indexOf(Math.min(...valLoss));
  expect(lowest + 1).toBeLessThanOrEqual(LESSON2.plainTurnsUpBy);
  expect(valLoss.at(-1)!).toBeGreaterThan(valLoss[lowest]! * 1.2);
  // ... while the augmented one keeps improving, and scores higher on test by at least 5 points.
  expect(augmented!.bestEpoch).toBeGreaterThan(LESSON2.augmentedBestAfter);
  expect(augmented!.test!.accuracy - plain!.test!.accuracy).toBeGreaterThanOrEqual(0.05);
});

/** Bands measured with these steps (WASM, Chromium), as the README states them. */
const LESSON1 = { convnet: [0.91, 0.97], dense: [0.86, 0.93] } as const;
const LESSON2 = { plainTurnsUpBy: 25, augmentedBestAfter: 40 } as const;
