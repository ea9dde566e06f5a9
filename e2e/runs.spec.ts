// Runs kept for good, and the A/B in one click: two runs on the same data that
// survive a reload and open side by side with only their differences listed.
import { readFileSync } from 'node:fs';
import { expect, openLab, test } from './fixtures';
import { datasetStatus } from './helpers';

test('an A/B on shapes gives two scored runs that survive a reload and open in the comparison', async ({ page }) => {
  await openLab(page, 'data');
  await page.getByTestId('builtin-select').selectOption('shapes');
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('mnist-convnet');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('ab-epochs-input').fill('3');
  await page.getByTestId('ab-augmented-epochs-input').fill('3');
  await page.getByTestId('ab-button').click();
  await expect(page.getByTestId('ab-progress')).toHaveAttribute('data-step', '1');

  // At the end the lab opens Runs with both runs compared.
  const items = page.getByTestId('run-item');
  await expect(items).toHaveCount(2, { timeout: 180_000 });
  await expect(page.getByTestId('compare-chart')).toHaveCount(2);
  for (const item of await items.all()) await expect(item).toHaveAttribute('data-test-accuracy', /^0?\.\d+|^1$/);
  const keys = await page
    .getByTestId('compare-diff-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
  expect(keys).toEqual(['augmentation', 'dropout']);
  // Both runs' training (dashed) and validation (solid) curves: four lines per chart.
  await expect(page.getByTestId('compare-chart').first().locator('path.recharts-line-curve')).toHaveCount(4);

  // The comparison as one PNG (charts, scores, differing settings), made in the page.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-compare-png-button').click();
  const png = await download;
  expect(png.suggestedFilename()).toBe('comparison.png');
  const bytes = readFileSync((await png.path())!);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(5_000);

  const ids = await items.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')));
  await page.reload();
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('run-item')).toHaveCount(2);
  expect(
    await page.getByTestId('run-item').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id'))),
  ).toEqual(ids);
  for (const toggle of await page.getByTestId('run-compare-toggle').all()) await toggle.check();
  await expect(page.getByTestId('compare-chart')).toHaveCount(2);
  await expect(page.getByTestId('compare-diff-row')).toHaveCount(2);

  // Rename sticks; delete can be undone.
  const first = page.getByTestId('run-item').first();
  await first.getByRole('button', { name: 'Rename' }).click();
  await first.getByRole('textbox', { name: 'Run name' }).fill('plain baseline');
  await first.getByRole('textbox', { name: 'Run name' }).press('Enter');
  await expect(first.getByRole('button', { name: 'plain baseline', exact: true })).toBeVisible();
  await first.getByRole('button', { name: /^Delete/ }).click();
  await expect(page.getByTestId('run-item')).toHaveCount(1);
  await page.getByTestId('undo-delete-run').click();
  await expect(page.getByTestId('run-item')).toHaveCount(2);
});
