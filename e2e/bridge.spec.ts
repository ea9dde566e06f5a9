import { test, expect, openLab } from './fixtures';

// The derived worker client in a real Chromium worker (Vite build, Comlink over
// a real Worker): a train job with a caller-chosen job id (pause, resume and stop
// reach it through control), then the evaluate long call scores the kept checkpoint.
test('the training worker is driven through the derived client: pause, resume and stop reach the job, the test score comes back', async ({
  page,
}) => {
  await openLab(page, 'data');
  await page.getByTestId('max-per-class-input').fill('10');
  await page.getByTestId('builtin-select').selectOption('mnist');
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('mnist-convnet');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('50');
  await page.getByTestId('batch-size-input').fill('8');

  const status = page.getByTestId('training-status');
  await page.getByTestId('train-button').click();
  await expect(status).toHaveAttribute('data-state', 'training', { timeout: 120_000 });
  await page.getByTestId('pause-button').click();
  await expect(status).toHaveAttribute('data-state', 'paused');
  await page.getByTestId('pause-button').click();
  await expect(status).toHaveAttribute('data-state', 'training');
  await expect(page.getByTestId('epoch-row').first()).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('stop-button').click();
  await expect(status).toHaveAttribute('data-state', 'stopped');

  await page.getByTestId('evaluate-button').click();
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-value', /^(0|1|0\.\d+)$/);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
});
