// A TensorFlow.js LayersModel as the base, offline: a Teachable-Machine-shaped model (a Sequential: a small
// functional feature model ending in conv_pw_13_relu, then a trained head) made and saved by tfjs here, dropped
// in Model, kept, put at the start of the stack as one Functional row, trained one epoch on a colour folder.
// The guard in fixtures.ts fails any request to another origin.
import { featureModel, saveTfjs, teachableMachineModel, type TfjsFiles } from '../src/worker/model/bases/tfjs-fixture';
import { expect, openLab, test } from './fixtures';
import { datasetStatus, writeImageFolder } from './helpers';

let tm: TfjsFiles;

test.beforeAll(async () => {
  tm = await saveTfjs(teachableMachineModel(featureModel(32)));
});

const files = (withWeights = true) => [
  { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(tm.modelJson) },
  ...(withWeights
    ? [{ name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(tm.weights) }]
    : []),
];

test("Teachable Machine's model as a base: kept, one Functional row, fine-tune choices, trains one epoch", async ({
  page,
}) => {
  await openLab(page, 'model');
  const input = page.getByTestId('tfjs-base-input');
  // model.json without its weights: named, nothing kept.
  await input.setInputFiles(files(false));
  await expect(page.getByTestId('tfjs-base-error')).toContainText("names the weight file 'weights.bin'");
  await expect(page.getByTestId('tfjs-base-row')).toHaveCount(0);

  await input.setInputFiles(files());
  const row = page.getByTestId('tfjs-base-row');
  await expect(row).toHaveAttribute('data-file', /^model_1-[0-9a-f]{8}$/);
  await expect(row).toHaveAttribute('data-bytes', String(496 * 4));
  await expect(row).toContainText("Teachable Machine's feature model");
  await expect(page.getByTestId('tfjs-base-error')).toHaveCount(0);
  await row.getByTestId('tfjs-base-use').click();

  const base = page.locator('[data-testid="summary-row"][data-layer-type="Functional"]');
  await expect(base).toContainText('model_1 (Functional)');
  await expect(base).toHaveAttribute('data-output-shape', 'None,16,16,16');
  await expect(base).toHaveAttribute('data-params', '496');
  // The head (GlobalAveragePooling2D, Dense(100), Dense(10) for the default 10 classes) trains; the frozen base does not.
  await expect(page.getByTestId('summary-trainable-params')).toContainText('2,710');
  await expect(page.getByTestId('summary-non-trainable-params')).toContainText('496');
  await expect(page.getByTestId('input-height')).toHaveValue('32');
  await expect(page.getByTestId('param-preprocess')).toHaveValue('tf');
  const fineTune = page.getByTestId('fine-tune-from-select');
  const options = await fineTune.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(options).toEqual(['none', 'conv1', 'conv1_bn', 'conv_dw_1', 'conv_dw_1_bn', 'conv_pw_1']);
  await fineTune.selectOption('conv_dw_1');
  // conv_dw_1 (72) + conv_dw_1_bn's gamma and beta (16) + conv_pw_1 (144) join the head.
  await expect(page.getByTestId('summary-trainable-params')).toContainText('2,942');
  await fineTune.selectOption('none');
  await expect(page.getByTestId('arch-error')).toHaveCount(0);

  await page.getByTestId('nav-data').click();
  await page
    .getByTestId('folder-input')
    .setInputFiles(writeImageFolder('tfjs-base', ['cat', 'dog'], 6, { mode: 'rgb', width: 40, height: 36 }));
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  // Exports: tfjs holds the base; the Keras script cannot build it and says so instead of writing a wrong one.
  await expect(page.getByTestId('export-problem')).toContainText('keras.applications cannot build');
  await expect(page.getByTestId('export-python-button')).toBeDisabled();
  await expect(page.getByTestId('keras-export-tfjs-base')).toContainText('Export it as TensorFlow.js');
  await expect(page.getByTestId('export-keras-button')).toBeDisabled();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-model-button').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);

  await page.getByTestId('nav-inspect').click();
  const layers = await page
    .getByTestId('layer-select')
    .locator('option')
    .evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(layers.slice(0, 3)).toEqual(['conv1', 'conv1_bn', 'conv1_relu']);
  expect(layers).toContain('conv_pw_13_relu');
  // The base's first layer first: its kernels (8 filters, in colour); then a layer's feature maps, one per channel.
  await expect(page.getByTestId('layer-select')).toHaveValue('conv1');
  await expect(page.getByTestId('kernel-cell')).toHaveCount(8);
  await page.getByTestId('layer-select').selectOption('conv_pw_13_relu');
  await expect(page.getByTestId('feature-map-cell')).toHaveCount(16);
  await expect(page.getByTestId('inspect-error')).toHaveCount(0);

  // Kept in the browser: after a reload the stack still names it and the row is there.
  await page.reload();
  await page.getByTestId('nav-model').click();
  await expect(page.getByTestId('tfjs-base-row')).toHaveCount(1);
  await expect(page.getByTestId('tfjs-base-in-use')).toBeVisible();
  // A fresh worker builds it from what it kept (no file given again): it trains after the reload too.
  await page.getByTestId('nav-data').click();
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await page.getByTestId('nav-model').click();

  // Cut after a layer: kept as a second base, ending at that layer.
  await page.getByTestId('tfjs-base-cut').selectOption('conv_dw_1');
  await expect(page.getByTestId('tfjs-base-row')).toHaveCount(2);
  await expect(page.getByTestId('tfjs-base-row').nth(1)).toHaveAttribute(
    'data-file',
    /^model_1_conv_dw_1-[0-9a-f]{8}$/,
  );
  await expect(page.getByTestId('tfjs-base-row').nth(1)).toContainText('output (None, 16, 16, 8)');
});
