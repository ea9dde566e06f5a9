import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect, openLab, summaryRows } from './fixtures';
import { loadSmallMnist } from './helpers';

// Keras 3 .keras files both ways, as a student uses them: train briefly, download the .keras, open it again and
// get the same predictions; open a file real Keras made (testdata/keras) and see its layers; a damaged file
// says what is wrong and changes nothing.

const FIXTURES = fileURLToPath(new URL('../testdata/keras', import.meta.url));

async function predictFirstTestImage(page: Page): Promise<number[]> {
  await page.getByTestId('predict-test-image-button').click();
  const out = page.getByTestId('model-io-prediction');
  await expect(out).toHaveAttribute('data-probabilities', /\d/);
  return (await out.getAttribute('data-probabilities'))!.split(',').map(Number);
}

test('train, export .keras, open it again: Rescaling(1/255) first, the same stack after it, the same predictions', async ({
  page,
}) => {
  await loadSmallMnist(page, 10, 'model');
  const rows = await summaryRows(page);
  await page.getByTestId('nav-train').click();
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  const before = await predictFirstTestImage(page);
  expect(before).toHaveLength(10);
  // The lab divides this model's pixels by 255 outside it: the file carries the division, and the panel says so.
  await expect(page.getByTestId('keras-file-export')).toContainText('starts with a Rescaling(1/255) layer');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-keras-button').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.keras$/);
  const path = join(mkdtempSync(join(tmpdir(), 'convnet-lab-keras-')), download.suggestedFilename());
  await download.saveAs(path);

  await page.getByTestId('nav-model').click();
  await page.getByTestId('import-model-input').setInputFiles(path);
  await expect(page.getByTestId('model-io-notice')).toContainText('Imported');
  const back = await summaryRows(page);
  expect(back[0]).toMatchObject({ type: 'Rescaling', params: 0 });
  expect(back.slice(1)).toEqual(rows);

  await page.getByTestId('nav-train').click();
  const after = await predictFirstTestImage(page);
  after.forEach((p, i) => expect(Math.abs(p - before[i]!)).toBeLessThan(1e-4));
});

test('a functional chain made by Keras 3.15 shows its layers; an unknown layer and a file that is not a zip change nothing', async ({
  page,
}) => {
  await openLab(page, 'model');
  await page.getByTestId('import-model-input').setInputFiles(join(FIXTURES, 'functional_chain.keras'));
  await expect(page.getByTestId('model-io-notice')).toContainText('Imported functional_chain.keras');
  const rows = await summaryRows(page);
  expect(rows.map((r) => r.type)).toEqual(['Conv2D', 'AveragePooling2D', 'Flatten', 'Dense', 'Dense']);
  expect(rows.map((r) => r.params)).toEqual([50, 0, 0, 276, 28]);

  await page.getByTestId('import-model-input').setInputFiles(join(FIXTURES, 'unknown_layer.keras'));
  await expect(page.getByTestId('model-io-error')).toContainText(
    "'layer_normalization' is a LayerNormalization, which the lab can't show",
  );
  expect(await summaryRows(page)).toEqual(rows);

  await page.getByTestId('import-model-input').setInputFiles({
    name: 'broken.keras',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('not a zip at all'),
  });
  await expect(page.getByTestId('model-io-error')).toContainText('broken.keras is not a .keras file');
  expect(await summaryRows(page)).toEqual(rows);
});
