// Pretrained bases in the editor and the summary, as Keras prints them: one `vgg16 (Functional)` row, totals
// split into trainable and non-trainable, and the first layer that trains picked in the base's card.
import { expect, openLab, summaryRows, test } from './fixtures';

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
