// Pretrained bases in the editor and the summary, as Keras prints them: one `vgg16 (Functional)` row, totals
// split into trainable and non-trainable, and the first layer that trains picked in the base's card.
import { baseFixtureFile } from '../src/worker/h5/base-fixture';
import { expect, openLab, summaryRows, test } from './fixtures';
import { writeImageFolder } from './helpers';

test("the textbook's VGG16 models: one Functional row, Keras' trainable split, fine-tuning from block5_conv1", async ({
  page,
}) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('vgg16-feature-extraction-augmented');
  await expect(page.getByTestId('summary-total-params')).toContainText('17,992,001');
  await expect(page.getByTestId('summary-trainable-params')).toContainText('3,277,313');
  await expect(page.getByTestId('summary-non-trainable-params')).toContainText('14,714,688');
  await expect(page.getByTestId('arch-error')).toHaveCount(0);
  const rows = await summaryRows(page);
  expect(rows.filter((r) => r.type === 'Functional')).toEqual([
    { type: 'Functional', shape: 'None,5,5,512', params: 14_714_688 },
  ]);
  await expect(page.locator('[data-testid="summary-row"][data-layer-type="Functional"]')).toContainText(
    'vgg16 (Functional)',
  );

  const fineTune = page.getByTestId('fine-tune-from-select');
  await expect(fineTune).toHaveValue('none');
  const options = await fineTune.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(options).toHaveLength(14);
  expect(options.slice(-3)).toEqual(['block5_conv1', 'block5_conv2', 'block5_conv3']);
  await fineTune.selectOption('block5_conv1');
  await expect(page.getByTestId('summary-trainable-params')).toContainText('10,356,737');
  await expect(page.getByTestId('summary-non-trainable-params')).toContainText('7,635,264');
  await expect(page.getByTestId('summary-total-params')).toContainText('17,992,001');

  // The fine-tuning preset is that model, with the textbook's low learning rate.
  await page.getByTestId('preset-select').selectOption('vgg16-fine-tuning');
  await expect(page.getByTestId('fine-tune-from-select')).toHaveValue('block5_conv1');
  await expect(page.getByTestId('summary-trainable-params')).toContainText('10,356,737');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('optimizer-select')).toHaveValue('rmsprop');
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.00001');
});

test('MobileNetV2: its width and input size change the base row; grey input shows what Keras says', async ({
  page,
}) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('mobilenet-v2-feature-extraction');
  const base = page.locator('[data-testid="summary-row"][data-layer-type="Functional"]');
  await expect(base).toHaveAttribute('data-output-shape', 'None,5,5,1280');
  await expect(base).toContainText('mobilenetv2_1.00_160 (Functional)');
  await expect(page.getByTestId('summary-trainable-params')).toContainText('1,281');
  await page.getByTestId('param-alpha').selectOption('0.35');
  await page.getByTestId('input-height').fill('96');
  await page.getByTestId('input-width').fill('96');
  await expect(base).toHaveAttribute('data-params', '410208');
  await expect(base).toHaveAttribute('data-output-shape', 'None,3,3,1280');
  await expect(base).toContainText('mobilenetv2_0.35_96 (Functional)');
  await page.getByTestId('input-channels').selectOption('1');
  await expect(page.getByTestId('arch-error')).toContainText('The input must have 3 channels');
});

test("Inspect looks inside a trained run's base: its layers by Keras names, each channel's mean and maximum", async ({
  page,
}) => {
  const weights = Buffer.from(await baseFixtureFile({ base: 'mobilenet_v2', alpha: 0.35 }));
  await openLab(page, 'model');
  await page.getByTestId('base-weights-input').setInputFiles({
    name: 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5',
    mimeType: 'application/x-hdf5',
    buffer: weights,
  });
  await expect(page.getByTestId('base-status')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('preset-select').selectOption('mobilenet-v2-feature-extraction');
  await page.getByTestId('param-alpha').selectOption('0.35');
  // Typed by hand, the input is kept by the folder loaded next (its images are made at 96x96).
  await page.getByTestId('input-height').fill('96');
  await page.getByTestId('input-width').fill('96');
  await expect(page.locator('[data-testid="summary-row"][data-layer-type="Functional"]')).toContainText(
    'mobilenetv2_0.35_96 (Functional)',
  );
  await page.getByTestId('nav-data').click();
  await page
    .getByTestId('folder-input')
    .setInputFiles(writeImageFolder('base-inspect', ['cat', 'dog'], 6, { mode: 'rgb', width: 120, height: 100 }));
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });

  await page.getByTestId('nav-inspect').click();
  const select = page.getByTestId('layer-select');
  const options = await select.locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
  expect(options.slice(0, 3)).toEqual(['Conv1', 'bn_Conv1', 'Conv1_relu']);
  expect(options).toContain('block_16_depthwise');
  expect(options.slice(-4)).toEqual(['out_relu', 'global_average_pooling2d', 'dropout', 'dense']);
  // The base's first layer is chosen first: its pretrained kernels, in colour (3 channels).
  await expect(select).toHaveValue('Conv1');
  await expect(page.getByTestId('kernel-cell')).toHaveCount(16);
  await select.selectOption('block_1_expand_relu');
  const cells = page.getByTestId('feature-map-cell');
  await expect(cells).toHaveCount(48);
  for (const i of [0, 47]) {
    const mean = Number(await cells.nth(i).getAttribute('data-mean'));
    const max = Number(await cells.nth(i).getAttribute('data-max'));
    // After ReLU6: every value in [0, 6], so the mean lies between 0 and the maximum.
    expect(mean).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThanOrEqual(6);
    expect(mean).toBeLessThanOrEqual(max);
  }
  await expect(page.getByTestId('inspect-error')).toHaveCount(0);
});
