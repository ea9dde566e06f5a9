// Numbers that mean what they say: a run card shows the kept epoch's val_loss and val_accuracy (never another
// epoch's), and a run is named by what it is (model, dataset), not only by when it ran.
import { expect, test } from './fixtures';
import { epochRows, loadSmallMnist } from './helpers';

test("a run card carries the kept epoch's numbers and a name that says the model", async ({ page }) => {
  await loadSmallMnist(page, 10, 'train');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('3');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const rows = await epochRows(page);
  expect(rows).toHaveLength(3);
  const kept = Number(await page.getByTestId('best-epoch').getAttribute('data-epoch'));
  const keptRow = rows.find((r) => r.epoch === kept)!;
  expect(Math.min(...rows.map((r) => r.valLoss))).toBe(keptRow.valLoss);

  await page.getByTestId('nav-runs').click();
  const item = page.getByTestId('run-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-best-epoch', String(kept));
  expect(Number(await item.getAttribute('data-val-loss'))).toBeCloseTo(keptRow.valLoss, 4);
  expect(Number(await item.getAttribute('data-val-accuracy'))).toBeCloseTo(keptRow.valAccuracy, 4);
  await expect(item).toHaveAttribute('data-ab-arm', '');
  const name = await item.getAttribute('data-name');
  expect(name).toMatch(/^MNIST convnet · MNIST/);
  await expect(item.getByRole('button', { name: name!, exact: true })).toBeVisible();
  await expect(item).toContainText(`kept epoch ${kept}: val_loss ${keptRow.valLoss.toFixed(3)}`);
});
