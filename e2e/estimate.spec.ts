// Honest compute before training: what the run will hold and how long an epoch takes, and a warning with the
// fix when a model will not fit what a browser gives.
import { expect, openLab, test } from './fixtures';
import { dropMobileNetFixture, loadSmallMnist, mobileNetOnColourFolder, opfsNames } from './helpers';

test('the MNIST convnet without max-pooling at 1000x1000 is flagged, with the fix, before any training', async ({
  page,
}) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('mnist-no-pool');
  await expect(page.getByTestId('model-size-warning')).toHaveCount(0);
  await page.getByTestId('input-height').fill('1000');
  await page.getByTestId('input-width').fill('1000');
  const warning = page.getByTestId('model-size-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('more than the 4 GB a browser can give');
  await expect(warning).toContainText('add MaxPooling2D after each Conv2D');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('model-size-warning')).toBeVisible();
  await expect(page.getByTestId('train-estimate')).toContainText('Load data to see how long an epoch will take');
});

test('with data loaded, Train says what the run will hold and how long an epoch takes', async ({ page }) => {
  await loadSmallMnist(page, 10, 'train');
  const estimate = page.getByTestId('train-estimate');
  await expect(estimate).toBeVisible();
  const bytes = Number(await estimate.getAttribute('data-memory-bytes'));
  const seconds = Number(await estimate.getAttribute('data-seconds-per-epoch'));
  // The MNIST convnet: 93,322 parameters (x4 with gradients and RMSprop), batch 64 of 28x28 digits.
  expect(bytes).toBeGreaterThan(1e6);
  expect(bytes).toBeLessThan(100e6);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThan(60);
  await expect(estimate).toContainText('an estimate');
  await expect(page.getByTestId('model-size-warning')).toHaveCount(0);
});

test("a pretrained base: its features once, then the head's epochs; on disk by the pixels' rule, gone after", async ({
  page,
}) => {
  await openLab(page);
  await dropMobileNetFixture(page);
  await mobileNetOnColourFolder(page, 'features-disk');
  await page.getByTestId('nav-train').click();
  const estimate = page.getByTestId('train-estimate');
  await expect(estimate).toContainText("The base's features once:");
  await expect(estimate).toContainText('then an epoch of the layers after it on the features');
  expect(Number(await estimate.getAttribute('data-feature-seconds'))).toBeGreaterThan(0);
  // A few images' features (46 KB each) are far under 64 MB: in memory, unless the pixels go to disk.
  await expect(estimate).toHaveAttribute('data-features-at', 'memory');
  await page.getByTestId('pixels-select').selectOption('disk');
  await expect(estimate).toHaveAttribute('data-features-at', 'disk');
  await expect(estimate).toContainText("the base's features (");

  await page.getByTestId('epochs-input').fill('1000'); // the head's epochs take milliseconds: time to pause
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-throughput')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('pause-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'paused');
  expect(await opfsNames(page)).toContain('training-features.bin');
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'stopped');
  expect(await opfsNames(page)).not.toContain('training-features.bin');
});
