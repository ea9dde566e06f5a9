// Guided lessons in the side panel: set a step up, train it, and see the run
// checked against the band the lab measured; progress survives a reload; a
// teacher's link opens a lesson at a step. Screenshots of each lesson's panel
// go to SCREENS (default /work/notes/screens) for a look by eye.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, openLab, test } from './fixtures';
import { datasetStatus } from './helpers';

const MINUTE = 60_000;
const SCREENS = process.env.SCREENS ?? '/work/notes/screens';
const step = (page: Page, n: number) => page.locator(`[data-testid="lesson-step"][data-step="${n}"]`);
const panel = (page: Page) => page.getByTestId('lessons-panel');

async function shoot(page: Page, name: string) {
  mkdirSync(SCREENS, { recursive: true });
  await panel(page).evaluate((el) => el.scrollTo(0, 0));
  await panel(page).screenshot({ path: `${SCREENS}/${name}.png` });
}

test('first-convnet: set up step 1, train it, and the run is checked against its band', async ({ page }) => {
  test.setTimeout(14 * MINUTE);
  await page.setViewportSize({ width: 1360, height: 1000 });
  await openLab(page);
  await page.getByTestId('lessons-toggle').click();
  await expect(page.getByTestId('lessons-toggle')).toHaveAttribute('aria-expanded', 'true');
  await page.getByTestId('lesson-select').selectOption('first-convnet');
  await expect(page.getByTestId('lesson-step')).toHaveCount(3);
  await expect(step(page, 1)).toHaveAttribute('data-state', 'current');
  await expect(step(page, 2)).toHaveAttribute('data-state', 'todo');
  await shoot(page, 'guided-first-convnet-start');

  // Set it up for me: MNIST at 300 per digit, the dense network, 5 epochs at batch 64, Train opened.
  await step(page, 1).getByRole('radio', { name: 'About 20 to 40' }).check();
  await page.getByTestId('lesson-setup-button').click();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('nav-data').click();
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await expect(datasetStatus(page)).toHaveAttribute('data-images', '3000');
  await page.getByTestId('nav-model').click();
  await expect(page.getByTestId('preset-select')).toHaveValue('mnist-dense');
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('epochs-input')).toHaveValue('5');
  await page.getByTestId('backend-select').selectOption('wasm');
  const started = Date.now();
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 6 * MINUTE });
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-value', /\d/);
  const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));

  // The check: the student's own number against the measured band, in words; the next step is current.
  const check = step(page, 1).getByTestId('lesson-check');
  await expect(check).toBeVisible();
  console.log(`guided first-convnet step 1: dense ${accuracy} in ${Math.round((Date.now() - started) / 1000)} s`);
  await expect(check).toHaveAttribute('data-low', '0.86');
  await expect(check).toHaveAttribute('data-high', '0.93');
  expect(Number(await check.getAttribute('data-value'))).toBeCloseTo(accuracy, 6);
  await expect(check).toHaveAttribute('data-state', accuracy >= 0.86 && accuracy <= 0.93 ? 'pass' : 'outside');
  await expect(check).toContainText(`Your dense network: ${accuracy.toFixed(3)}`);
  await expect(step(page, 1)).toHaveAttribute('data-state', 'done');
  await expect(step(page, 2)).toHaveAttribute('data-state', 'current');
  await expect(step(page, 1)).toContainText('Answer: About 20 to 40. You predicted it.');
  await shoot(page, 'guided-first-convnet-checked');

  // Progress is kept across a reload.
  await page.reload();
  await expect(step(page, 1)).toHaveAttribute('data-state', 'done');
  await expect(step(page, 2)).toHaveAttribute('data-state', 'current');
  await expect(step(page, 1).getByTestId('lesson-check')).toBeVisible();

  // Step 2, the convnet on the same digits: its check counts mistakes against the dense run's.
  await step(page, 2).getByTestId('lesson-setup-button').click();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('nav-model').click();
  await expect(page.getByTestId('preset-select')).toHaveValue('mnist-convnet');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', /preparing|training/);
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 6 * MINUTE });
  const convnet = step(page, 2).getByTestId('lesson-check');
  await expect(convnet).toHaveAttribute('data-low', '0.91');
  await expect(convnet).toContainText(/mistakes in 300 test images where the dense network made \d+ in 300/);
  console.log(`guided first-convnet step 2: ${await convnet.textContent()}`);
  await expect(step(page, 3)).toHaveAttribute('data-state', 'current');
  await page.screenshot({ path: `${SCREENS}/guided-app.png` });
  await shoot(page, 'guided-first-convnet-step2');
});

test('a lesson link opens a lesson at a step, and a broken one says what is wrong', async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 1000 });
  await page.goto('/#lesson=augmentation&step=2');
  await expect(page.getByTestId('lesson-select')).toHaveValue('augmentation');
  await expect(step(page, 1)).toHaveAttribute('data-state', 'todo');
  await expect(step(page, 2)).toHaveAttribute('data-state', 'current');
  await expect(page).toHaveURL(/\/$/); // the link leaves the address bar: a reload keeps the student's progress
  // Set up: Shapes, the MNIST convnet with the textbook's augmentation and Dropout, 100 epochs.
  await page.getByTestId('lesson-setup-button').click();
  await expect(page.getByTestId('nav-train')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('epochs-input')).toHaveValue('100');
  await expect(page.getByTestId('seed-input')).toHaveValue('1');
  await page.getByTestId('nav-data').click();
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await expect(datasetStatus(page)).toHaveAttribute('data-images', '800');
  await page.getByTestId('nav-model').click();
  await expect(page.locator('[data-testid="summary-row"][data-layer-type="RandomRotation"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="summary-row"][data-layer-type="Dropout"]')).toHaveCount(1);
  await shoot(page, 'guided-augmentation');

  await page.goto('/#lesson=augmentation&step=9');
  await expect(panel(page).getByRole('alert')).toContainText('which has steps 1-2');
});

test('overfitting and transfer: the transfer steps say what is missing instead of offering set-up', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1360, height: 1000 });
  await openLab(page);
  await page.getByTestId('lessons-toggle').click();
  await page.getByTestId('lesson-select').selectOption('overfitting');
  await expect(step(page, 1)).toContainText('lowest validation loss at epoch 9-14');
  await shoot(page, 'guided-overfitting');
  await page.getByTestId('lesson-select').selectOption('transfer');
  await expect(page.getByTestId('lesson-step')).toHaveCount(3);
  await expect(page.getByTestId('lesson-missing')).toContainText('vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5');
  await expect(page.getByTestId('lesson-setup-button')).toHaveCount(0);
  await shoot(page, 'guided-transfer');
  // Keyboard: the toggle closes the panel and opens it again.
  await page.getByTestId('lessons-toggle').focus();
  await page.keyboard.press('Enter');
  await expect(panel(page)).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-select')).toHaveValue('transfer');
});
