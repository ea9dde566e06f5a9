import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { classRows, loadSmallMnist, tempFolder } from './helpers';
import { png } from './data-images';

// Inspect, end to end: a short run (20 digits per class, 2 epochs, WASM) with
// the MNIST convnet, then every view of the Inspect section on it.

const checksum = (page: Page) => page.getByTestId('kernel-grid').getAttribute('data-checksum');

async function chooseLayer(page: Page, layer: string, channels: number) {
  await page.getByTestId('layer-select').selectOption(layer);
  await expect(page.getByTestId('feature-map-cell')).toHaveCount(channels);
  await expect(page.getByTestId('feature-map-cell').last()).toHaveAttribute('data-channel', String(channels - 1));
}

test('after a short run: kernels over epochs, feature maps, the explainers, the confusion matrix and Try it', async ({
  page,
}) => {
  await loadSmallMnist(page, 20, 'data');
  const valCount = (await classRows(page)).reduce((s, r) => s + r.val, 0);
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('2');
  await page.getByTestId('batch-size-input').fill('32');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });

  await page.getByTestId('nav-inspect').click();
  // The layer select lists the summary's Keras names; conv2d is chosen first.
  const options = await page
    .getByTestId('layer-select')
    .locator('option')
    .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(options).toEqual(['conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1', 'conv2d_2', 'flatten', 'dense']);
  await expect(page.getByTestId('kernel-cell')).toHaveCount(32);
  await expect(page.getByTestId('kernel-cell').last()).toHaveAttribute('data-filter', '31');

  // The scrubber starts on the last epoch; epoch 1's kernels differ from it.
  const scrubber = page.getByTestId('epoch-scrubber');
  await expect(scrubber).toHaveAttribute('data-epoch', '2');
  await expect(page.getByTestId('kernel-grid')).toHaveAttribute('data-epoch', '2');
  await expect(page.getByTestId('snapshot-bytes')).toContainText('for 2 epochs');
  const last = await checksum(page);
  await scrubber.focus();
  await page.keyboard.press('Home');
  await expect(scrubber).toHaveAttribute('data-epoch', '1');
  await expect(page.getByTestId('kernel-grid')).toHaveAttribute('data-epoch', '1');
  expect(await checksum(page)).not.toBe(last);
  await page.keyboard.press('End');
  await expect(page.getByTestId('kernel-grid')).toHaveAttribute('data-epoch', '2');
  expect(await checksum(page)).toBe(last);

  // Feature maps: one cell per channel of each layer (the first test image is chosen).
  await chooseLayer(page, 'conv2d', 32);
  await chooseLayer(page, 'max_pooling2d', 32);
  await chooseLayer(page, 'conv2d_2', 128);
  await chooseLayer(page, 'conv2d_1', 64);
  await expect(page.getByTestId('kernel-cell')).toHaveCount(64);
  // The Dense layer after the convolutions has no image-shaped kernels: said in words, not as an error.
  await page.getByTestId('layer-select').selectOption('dense');
  await expect(page.getByText('its weights do not line up with the image')).toBeVisible();
  await expect(page.getByTestId('kernel-cell')).toHaveCount(0);
  await expect(page.getByTestId('inspect-error')).toHaveCount(0);

  // The conv explainer advances one output position per step, and shows the value the layer computes there.
  await page.getByTestId('layer-select').selectOption('conv2d');
  const output = page.getByTestId('explainer-output');
  await expect(output).toHaveAttribute('data-col', '0');
  for (let i = 0; i < 14; i++) await page.getByTestId('explainer-step').click();
  await expect(output).toHaveAttribute('data-col', '14');
  await expect(output).toHaveAttribute('data-row', '0');
  const map = page.getByTestId('explainer-feature-map');
  await expect(map).toHaveAttribute('data-filter', '0');
  const width = Number(await map.getAttribute('data-width'));
  expect(width).toBe(26);
  const values = (await map.getAttribute('data-values'))!.split(' ').map(Number);
  expect(values).toHaveLength(26 * 26);
  // The value at (0, 14) as the explainer shows it, against the feature map from a full forward pass.
  expect(Number(await output.getAttribute('data-value'))).toBeCloseTo(values[14]!, 4);

  // The pool explainer for a MaxPooling2D layer.
  await page.getByTestId('layer-select').selectOption('max_pooling2d');
  await expect(page.getByTestId('pool-explainer')).toBeVisible();
  await expect(page.getByTestId('pool-output')).toHaveAttribute('data-col', '0');

  // The confusion matrix of the validation split: 10 x 10 cells whose counts add up to the split.
  await page.getByTestId('confusion-button').click();
  await expect(page.getByTestId('confusion-cell')).toHaveCount(100);
  const counts = await page
    .getByTestId('confusion-cell')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-count'))));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(valCount);
  expect(valCount).toBeGreaterThan(0);

  // Try it: a picked PNG gets one probability per digit, summing to 1, and a heatmap.
  const dir = tempFolder('try-it');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'digit.png');
  writeFileSync(file, png(40, 40, 'gray', 3));
  await page.getByTestId('predict-input').setInputFiles(file);
  await expect(page.getByTestId('prediction-row')).toHaveCount(10);
  const probs = await page
    .getByTestId('prediction-row')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-probability'))));
  expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  const heat = page.getByTestId('saliency-map');
  await expect(heat).toBeVisible();
  // The heatmap canvas has been drawn (some pixel is not transparent).
  await expect
    .poll(() =>
      heat.evaluate((c) => {
        const canvas = c as HTMLCanvasElement;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return data.some((v, i) => i % 4 === 3 && v > 0);
      }),
    )
    .toBe(true);
  await expect(page.getByTestId('inspect-error')).toHaveCount(0);
});

test('with no run yet, Inspect says to train first and its button opens Train', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('nav-inspect').click();
  await expect(page.getByTestId('inspect-empty')).toContainText('train a run first');
  await page.getByTestId('inspect-go-train').click();
  await expect(page.getByTestId('train-button')).toBeVisible();
});
