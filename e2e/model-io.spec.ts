import { join } from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Page } from '@playwright/test';
import { test, expect, openLab, summaryRows } from './fixtures';
import { epochRows, loadSmallMnist } from './helpers';

// TensorFlow.js model export and import, as a student uses them:
// train briefly, export the kept checkpoint, import it into a fresh browser,
// and find the same stack, parameter count and predictions.

const totalParams = async (page: Page) =>
  (await page.getByTestId('summary-total-params').first().innerText()).replace(/\D/g, '');

async function predictFirstTestImage(page: Page): Promise<number[]> {
  await page.getByTestId('predict-test-image-button').click();
  const out = page.getByTestId('model-io-prediction');
  await expect(out).toHaveAttribute('data-probabilities', /\d/);
  return (await out.getAttribute('data-probabilities'))!.split(',').map(Number);
}

test('export after a short run, import into a fresh browser: same stack, total and predictions; a malformed file changes nothing', async ({
  page,
  browser,
}) => {
  await loadSmallMnist(page, 10, 'model');
  const rows = await summaryRows(page);
  const total = await totalParams(page);
  await page.getByTestId('nav-train').click();
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('best-epoch')).toHaveAttribute('data-epoch', '1');
  const [first] = await epochRows(page);
  const before = await predictFirstTestImage(page);
  expect(before).toHaveLength(10);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-model-button').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const zipPath = join(mkdtempSync(join(tmpdir(), 'convnet-lab-model-')), download.suggestedFilename());
  await download.saveAs(zipPath);

  // The two-file form: model.json names the .bin, whose size is what its manifest describes.
  await page.getByTestId('export-model-format').selectOption('files');
  const two: Record<string, Buffer> = {};
  const downloads: Promise<void>[] = [];
  page.on(
    'download',
    (d) => void downloads.push(d.path().then((p) => void (two[d.suggestedFilename()] = readFileSync(p)))),
  );
  await page.getByTestId('export-model-button').click();
  await expect
    .poll(async () => (await Promise.all(downloads), Object.keys(two).sort()))
    .toEqual(['metadata.json', 'model.json', 'model.weights.bin']);
  // The class names travel beside the model, as Teachable Machine writes them.
  expect(JSON.parse(two['metadata.json']!.toString('utf8'))).toMatchObject({
    labels: [...'0123456789'],
    imageHeight: 28,
    imageChannels: 1,
  });
  const json = JSON.parse(two['model.json']!.toString('utf8')) as {
    format: string;
    convertedBy: null;
    weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[];
  };
  expect(json).toMatchObject({
    format: 'layers-model',
    convertedBy: null,
    weightsManifest: [{ paths: ['model.weights.bin'] }],
  });
  expect(two['model.weights.bin']!.length).toBe(
    4 * json.weightsManifest[0]!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0),
  );

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await loadSmallMnist(other, 10, 'model');
  await other.getByTestId('preset-select').selectOption('mnist-dense');
  const dense = await summaryRows(other);
  expect(dense).not.toEqual(rows);

  // A malformed model.json: a clear message, and the stack stays as it was.
  await other.getByTestId('import-model-input').setInputFiles({
    name: 'model.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "layers-model", "modelTopology": '),
  });
  await expect(other.getByTestId('model-io-error')).toContainText('model.json is not valid JSON');
  expect(await summaryRows(other)).toEqual(dense);

  await other.getByTestId('import-model-input').setInputFiles(zipPath);
  await expect(other.getByTestId('model-io-notice')).toContainText('Imported');
  await expect(other.getByTestId('model-io-error')).toHaveCount(0);
  expect(await summaryRows(other)).toEqual(rows);
  expect(await totalParams(other)).toBe(total);

  await other.getByTestId('nav-train').click();
  await expect(other.getByTestId('fine-tune-toggle')).toBeChecked();
  // The imported run's checkpoint is the file's weights, not an "Epoch 0" of training.
  await expect(other.getByTestId('best-epoch')).toContainText('Imported weights');
  await expect(other.getByTestId('best-epoch')).not.toContainText('Epoch');
  const after = await predictFirstTestImage(other);
  // Another backend may answer here (the fresh worker starts the first that passes its self-test): float32 rounding only.
  after.forEach((p, i) => expect(Math.abs(p - before[i]!)).toBeLessThan(1e-4));

  // Fine-tune: continue from the imported weights with the first convolution frozen.
  await other.locator('[data-testid="freeze-layer"][data-layer="conv2d"]').check();
  await other.getByTestId('epochs-input').fill('1');
  await other.getByTestId('backend-select').selectOption('wasm');
  await other.getByTestId('train-button').click();
  await expect(other.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(other.getByTestId('epoch-row')).toHaveCount(1);
  // Started from the trained weights, not from scratch: the same images (one batch of 60, same seed) cost
  // less than they did at the first run's start.
  const [tuned] = await epochRows(other);
  expect(tuned!.loss).toBeLessThan(first!.loss);
  await fresh.close();
});

test('files dropped onto the Model section import too; a broken .zip says so and changes nothing', async ({ page }) => {
  await openLab(page, 'model');
  const rows = await summaryRows(page);
  const transfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([80, 75, 1, 2, 3])], 'model.zip', { type: 'application/zip' }));
    return dt;
  });
  await page.locator('.model-section').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(page.getByTestId('model-io-error')).toContainText('model.zip is not a readable zip file');
  expect(await summaryRows(page)).toEqual(rows);
});
