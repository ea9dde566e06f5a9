// The augmentation preview end to end: nine augmented versions of
// one real image of the loaded dataset, made by the training worker, which
// follow the re-roll, the layer switches and the layer's factor; reachable from
// any image of Data's sample grid.
import type { Page } from '@playwright/test';
import { test, expect, openLab, summaryRows } from './fixtures';
import { datasetStatus } from './helpers';

const samples = (page: Page) => page.getByTestId('augmentation-sample');
/** Every sample's pixels, as PNG data URLs. */
const pictures = (page: Page) =>
  samples(page).evaluateAll((canvases) => canvases.map((c) => (c as HTMLCanvasElement).toDataURL()));
const previewStatus = (page: Page) =>
  page.locator('[data-testid=augmentation-panel] [data-testid=augmentation-status]');

/** Waits for the worker's answer, then for the canvases to hold pictures unlike `before`. */
async function picturesAfter(page: Page, before: string[] | null): Promise<string[]> {
  await expect(previewStatus(page)).toHaveAttribute('data-state', 'ready');
  let now: string[] = [];
  await expect
    .poll(async () => {
      now = await pictures(page);
      return now.length >= 9 && new Set(now).size > 1 && (before === null || now.join() !== before.join());
    })
    .toBe(true);
  return now;
}

test('nine augmented versions of a dataset image that follow re-roll, switches and factors; opened from the sample grid', async ({
  page,
}) => {
  await openLab(page, 'model');
  const panel = page.getByTestId('augmentation-panel');

  // The MNIST convnet has no augmentation: the panel says how to add it, and adds the textbook's three in one undoable step.
  await expect(panel.getByTestId('augmentation-missing')).toContainText('no augmentation layer');
  await panel.getByTestId('augmentation-add-textbook').click();
  expect((await summaryRows(page)).slice(0, 4).map((r) => r.type)).toEqual([
    'RandomFlip',
    'RandomRotation',
    'RandomZoom',
    'Conv2D',
  ]);
  await page.keyboard.press('ControlOrMeta+z');
  await expect(panel.getByTestId('augmentation-add-textbook')).toBeVisible();
  expect((await summaryRows(page))[0]!.type).toBe('Conv2D');
  await panel.getByTestId('augmentation-add-textbook').click();

  // No data yet: a message and a way to Data.
  await expect(panel.getByTestId('augmentation-no-data')).toContainText('Load data to preview on your own images');
  await panel.getByTestId('augmentation-go-data').click();
  await page.getByTestId('builtin-select').selectOption('shapes');
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');

  await page.getByTestId('nav-model').click();
  await expect(panel.getByTestId('augmentation-source')).toContainText('first training image');
  await expect(samples(page)).toHaveCount(9);
  const first = await picturesAfter(page, null);
  expect(new Set(first).size).toBeGreaterThanOrEqual(3);

  // Re-roll: other random draws.
  await panel.getByTestId('augmentation-reroll').click();
  const rerolled = await picturesAfter(page, first);

  // A layer switched off changes them; on again, the same seed gives the same pictures back.
  const rotationToggle = panel.locator('[data-testid=augmentation-toggle]').nth(1);
  await rotationToggle.uncheck();
  await picturesAfter(page, rerolled);
  await rotationToggle.check();
  await expect.poll(async () => (await pictures(page)).join()).toBe(rerolled.join());

  // Editing RandomRotation's factor in its layer card updates the preview.
  const rotationCard = page.locator('[data-testid=layer-card][data-layer-type=RandomRotation]');
  await rotationCard.getByTestId('param-factor').fill('0.45');
  const wider = await picturesAfter(page, rerolled);
  await expect(rotationCard.getByRole('alert')).toHaveCount(0);

  // Any image of Data's sample grid opens the preview on it.
  await page.getByTestId('nav-data').click();
  await page.getByTestId('preview-augmentation').nth(2).click();
  await expect(panel).toBeInViewport();
  await expect(panel.getByTestId('augmentation-source')).toContainText('picked in Data');
  const picked = await picturesAfter(page, wider);
  expect(new Set(picked).size).toBeGreaterThanOrEqual(3);
});
