// Scratch vs feature extraction vs fine-tuning in one click, on a small colour folder with a fixture
// MobileNetV2 0.35 96x96 base (random weights in the downloaded file's layout): three runs, one progress
// display, then the three in Runs' comparison. No request leaves the lab's origin (fixtures.ts).
import { baseFixtureFile } from '../src/worker/h5/base-fixture';
import { expect, openLab, test } from './fixtures';
import { writeImageFolder } from './helpers';

test('compare-three trains from scratch, on frozen features and fine-tuned, then compares the three runs', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('mobilenet-v2-feature-extraction');
  await page.getByTestId('param-alpha').selectOption('0.35');
  await page.getByTestId('input-height').fill('96');
  await page.getByTestId('input-width').fill('96');
  await page.getByTestId('nav-data').click();
  await page
    .getByTestId('folder-input')
    .setInputFiles(writeImageFolder('compare-three', ['cat', 'dog'], 6, { mode: 'rgb', width: 120, height: 100 }));
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-state', 'ready');

  // No base weights kept yet: the button says why it cannot start.
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('compare-three-button')).toBeDisabled();
  await expect(page.getByTestId('compare-three-reason')).toContainText("No pretrained base's weights are kept");

  const weights = Buffer.from(await baseFixtureFile({ base: 'mobilenet_v2', alpha: 0.35 }));
  await page.getByTestId('nav-model').click();
  await page.getByTestId('base-weights-input').setInputFiles({
    name: 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5',
    mimeType: 'application/x-hdf5',
    buffer: weights,
  });
  await expect(page.getByTestId('base-status')).toHaveAttribute('data-state', 'ready');

  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('compare-three-epochs-input').fill('1');
  await expect(page.getByTestId('compare-three-reason')).toHaveCount(0);
  await page.getByTestId('compare-three-button').click();
  await expect(page.getByTestId('compare-three-progress')).toHaveAttribute('data-step', '1');
  await expect(page.getByTestId('compare-three-progress')).toContainText('Run 1 of 3: from scratch');

  // At the end the lab opens Runs with the three compared, each scored on the test split.
  const items = page.getByTestId('run-item');
  await expect(items).toHaveCount(3, { timeout: 240_000 });
  await expect(page.getByTestId('compare-chart').first()).toBeVisible();
  expect(await items.locator('.run-tag').allTextContents()).toEqual(
    expect.arrayContaining(['from scratch', 'feature extraction', 'fine-tuning from block_16_expand']),
  );
  // Run 3 went on from run 2's trained classifier, as the textbook fine-tunes, and its name says so.
  expect(await items.evaluateAll((e) => e.map((x) => x.getAttribute('data-name')))).toContain(
    "Scratch vs feature extraction vs fine-tuning: fine-tuning from block_16_expand, starting from run 2's classifier",
  );
  // Scored (random fixture weights: any accuracy from 0 to 1, 0 included, on a 4-image test split).
  for (const item of await items.all()) await expect(item).toHaveAttribute('data-test-accuracy', /^(0|1|0?\.\d+)$/);
  // Each run's training and validation curve in the comparison's legend (one epoch each draws a point, not a line).
  const legend = page.getByTestId('compare-chart').first().locator('.recharts-legend-item');
  await expect(legend).toHaveCount(6);
  await expect(
    legend.filter({ hasText: "fine-tuning from block_16_expand, starting from run 2's classifier (validation)" }),
  ).toHaveCount(1);
});
