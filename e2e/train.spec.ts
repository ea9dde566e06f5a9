import type { Page } from '@playwright/test';
import { test, expect, openLab } from './fixtures';
import { epochRows, loadSmallMnist, opfsNames, writeImageFolder } from './helpers';

// Training in Chromium on a small part of built-in MNIST (10 images per class,
// split by the default fractions), with the textbook's MNIST convnet.

async function settings(page: Page, s: { backend: string; epochs: number; learningRate?: number; batchSize?: number }) {
  await page.getByTestId('backend-select').selectOption(s.backend);
  await page.getByTestId('epochs-input').fill(String(s.epochs));
  await page.getByTestId('batch-size-input').fill(String(s.batchSize ?? 32));
  if (s.learningRate !== undefined) await page.getByTestId('learning-rate-input').fill(String(s.learningRate));
}

const status = (page: Page) => page.getByTestId('training-status');

async function trainEpochs(page: Page, backend: string, epochs = 2, imagesPerClass?: number) {
  await loadSmallMnist(page, imagesPerClass);
  await settings(page, { backend, epochs });
  await page.getByTestId('train-button').click();
  await expect(status(page)).toHaveAttribute('data-state', /preparing|training/);
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', backend);

  const rows = await epochRows(page);
  expect(rows.map((r) => r.epoch)).toEqual(Array.from({ length: epochs }, (_, i) => i + 1));
  for (const r of rows) {
    for (const v of [r.loss, r.valLoss]) expect(Number.isFinite(v) && v > 0).toBe(true);
    for (const v of [r.accuracy, r.valAccuracy]) expect(v >= 0 && v <= 1).toBe(true);
  }
  // Both charts have their two epochs drawn as points.
  for (const chart of ['loss-chart', 'accuracy-chart']) {
    await expect(page.getByTestId(chart)).toHaveAttribute('data-points', String(epochs));
    expect(await page.getByTestId(chart).locator('.recharts-line-dot').count()).toBeGreaterThanOrEqual(2 * epochs);
  }
  // The kept checkpoint is the epoch with the lowest val_loss, and it is scored on the test split.
  const best = rows.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
  await expect(page.getByTestId('best-epoch')).toHaveAttribute('data-epoch', String(best.epoch));
  const accuracy = Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
  expect(accuracy >= 0 && accuracy <= 1).toBe(true);
  // Per class, the number stands beside its bar.
  const firstClass = page.getByTestId('test-class-row').first();
  const perClass = Number(await firstClass.getAttribute('data-accuracy'));
  await expect(firstClass.locator('td.num')).toHaveText(perClass.toFixed(3));
  await expect(firstClass.getByRole('meter')).toBeVisible();
  // Developer details (tensor counts) wait behind a disclosure.
  await expect(page.getByTestId('worker-memory')).toBeHidden();
  await page.getByTestId('train-details').locator('summary').click();
  await expect(page.getByTestId('worker-memory')).toBeVisible();
  return { rows, best, accuracy };
}

test('trains on WebGL: epoch rows, curves, best checkpoint and test score, kept across a reload', async ({ page }) => {
  const { best, accuracy } = await trainEpochs(page, 'webgl');
  await expect(page.getByTestId('error-message')).toHaveCount(0);

  // The checkpoint lives in IndexedDB: after a reload it is still there and can be scored again.
  await page.reload();
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('epoch-row')).toHaveCount(2);
  await expect(page.getByTestId('best-epoch')).toHaveAttribute('data-epoch', String(best.epoch));
  // Enabled once the dataset is back from IndexedDB.
  await expect(page.getByTestId('evaluate-button')).toBeEnabled();
  await page.getByTestId('evaluate-button').click();
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-value', String(accuracy));
});

test('trains on WebGPU', async ({ page }) => {
  await trainEpochs(page, 'webgpu');
});

test("trains on WASM with the lab's gradient kernels, and the loss falls", async ({ page }) => {
  // WASM is fast enough here for more epochs and data: 800 training images, 25 steps an epoch, 200 in all,
  // enough for the kernel thread trial (1.5 s of warm-up steps, then at least 600 ms of timed ones).
  const { rows } = await trainEpochs(page, 'wasm', 8, 100);
  expect(rows.at(-1)!.loss).toBeLessThan(rows[0]!.loss * 0.8);
  // The badge says how it ran: threads (the page is cross-origin isolated), SIMD and the lab's SIMD gradient
  // module (its relaxed-SIMD build: Chromium has relaxed SIMD).
  await expect(page.getByTestId('backend-badge')).toContainText(
    /\d+ threads? on \d+ cores?, SIMD, lab relaxed SIMD gradients/,
  );
  // Threads where they pay: with more than one core the run's first steps measured the lab's kernels on 1
  // thread and on more, and kept one count.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'one core: no kernel threads to choose between');
  const threads = page.getByTestId('kernel-threads');
  await expect(threads).toHaveAttribute('data-state', 'measured');
  expect(Number(await threads.getAttribute('data-threads'))).toBeGreaterThanOrEqual(1);
  expect(Number(await threads.getAttribute('data-threads'))).toBeLessThanOrEqual(cores);
  await expect(threads).toContainText(
    /^Lab kernels on \d+ threads?: [\d.]+ m?s per step, against [\d.]+ m?s on \d+ threads?, measured on your model's first steps/,
  );
  // The count kept is the fewest threads unless more were at least 1.2x faster (the page keeps its core otherwise).
  const trials = (await threads.getAttribute('data-trials'))!
    .split(',')
    .map((t) => t.split(':').map(Number) as [number, number]);
  const kept = Number(await threads.getAttribute('data-threads'));
  const one = trials.find(([t]) => t === 1)![1];
  const keptMs = trials.find(([t]) => t === kept)![1];
  if (kept === 1) expect(trials.every(([t, ms]) => t === 1 || ms * 1.2 > one)).toBe(true);
  else expect(keptMs * 1.2).toBeLessThanOrEqual(one);
});

test("on WASM the cats-vs-dogs batch of 32 runs in pieces, so its WebAssembly memory stays a fraction of the whole batch's", async ({
  page,
}) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('catsdogs-naive');
  await page.getByTestId('nav-data').click();
  // 2 x 25 colour images at 180x180: 40 to train on, a step of 32 and one of 8.
  await page
    .getByTestId('folder-input')
    .setInputFiles(writeImageFolder('pets-pieces', ['cat', 'dog'], 25, { mode: 'rgb', width: 180, height: 180 }));
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-train').click();
  await settings(page, { backend: 'wasm', epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const rows = await epochRows(page);
  expect(rows).toHaveLength(1);
  expect(Number.isFinite(rows[0]!.loss) && Number.isFinite(rows[0]!.valLoss)).toBe(true);
  await page.getByTestId('train-details').locator('summary').click();
  const pieces = page.getByTestId('step-pieces');
  await expect(pieces).toContainText(
    /^Each batch of 32 runs through the model \d+ images at a time \(\d+ pieces\), their gradients added up into one update: about [\d.]+ MB of working memory instead of [\d.]+ GB/,
  );
  const size = Number(await pieces.getAttribute('data-size'));
  const count = Number(await pieces.getAttribute('data-pieces'));
  expect(size).toBeLessThan(32);
  expect(size * count).toBeGreaterThanOrEqual(32);
  // The whole batch grows tfjs-wasm's memory to ~1.1 GB, ~34 MB an image (npm run bench -- pieces); in pieces it
  // grows by the piece's share of that, plus what the backend holds anyway (~100 MB).
  const memory = page.getByTestId('worker-memory');
  await expect(memory).toHaveAttribute('data-wasm-bytes-end', /^\d+$/);
  expect(Number(await memory.getAttribute('data-wasm-bytes-end'))).toBeLessThan((size / 32) * 1.1e9 + 200e6);
  await expect(memory).toContainText(/WebAssembly memory [\d.]+ MB/);
  expect(await memory.getAttribute('data-tensors-end')).toBe(await memory.getAttribute('data-tensors-start'));
});

test('auto measures the backends on the model and says which it chose and why', async ({ page }) => {
  await loadSmallMnist(page);
  await settings(page, { backend: 'auto', epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  const badge = page.getByTestId('backend-badge');
  expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(await badge.getAttribute('data-backend'));
  await expect(badge).toContainText(/Chosen/);
});

test('pause, resume and stop mid-training; editing is refused while training and the app stays usable', async ({
  page,
}) => {
  await loadSmallMnist(page);
  await settings(page, { backend: 'webgl', epochs: 50, batchSize: 8 });
  await page.getByTestId('train-button').click();
  const throughput = page.getByTestId('train-throughput');
  await expect(throughput).toBeVisible({ timeout: 120_000 });
  expect(Number(await throughput.getAttribute('data-images-per-second'))).toBeGreaterThan(0);

  // The model is locked while training: an edit is refused with a visible reason.
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('mnist-dense');
  await expect(page.getByTestId('model-notice')).toContainText('Training is running');
  await expect(page.getByTestId('summary-row')).toHaveCount(7);
  await page.getByTestId('nav-train').click();

  await page.getByTestId('pause-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'paused');
  await page.getByTestId('pause-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'training');
  await expect(page.getByTestId('epoch-row').first()).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('stop-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'stopped');
  const kept = await page.getByTestId('epoch-row').count();
  expect(kept).toBeGreaterThanOrEqual(1);
  expect(kept).toBeLessThan(50);
  await expect(page.getByTestId('best-epoch')).toBeVisible();

  // The stopped run goes on from its last finished epoch, then stops again.
  await page.getByTestId('continue-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'training');
  await expect(page.locator(`[data-testid=epoch-row][data-epoch="${kept + 1}"]`)).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('stop-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'stopped');
  expect((await epochRows(page)).map((r) => r.epoch).slice(0, kept + 1)).toEqual(
    Array.from({ length: kept + 1 }, (_, i) => i + 1),
  );

  // Usable again: the model can be edited and training can start again.
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('mnist-dense');
  await expect(page.getByTestId('summary-row')).toHaveCount(3);
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-button')).toBeEnabled();
});

for (const backend of ['webgl', 'wasm'])
  test(`a huge learning rate ends in the NaN message, not a hang (${backend})`, async ({ page }) => {
    await loadSmallMnist(page);
    await settings(page, { backend, epochs: 3, learningRate: 1e10 });
    await page.getByTestId('train-button').click();
    await expect(status(page)).toHaveAttribute('data-state', 'error', { timeout: 120_000 });
    const error = page.getByTestId('error-message');
    await expect(error).toContainText('NaN');
    await expect(error).toContainText('Lower the learning rate');
    await page.getByTestId('learning-rate-input').fill('0.001');
    await expect(page.getByTestId('train-button')).toBeEnabled();
  });

test('training cannot start without data or with an invalid model, and says why', async ({ page }) => {
  await openLab(page, 'train');
  await expect(page.getByTestId('train-button')).toBeDisabled();
  await expect(page.getByTestId('train-blocked')).toContainText('No data is loaded');
  await page.getByTestId('nav-model').click();
  await page.locator('[data-testid=layer-card][data-layer-type=Flatten] [data-testid=remove-layer]').click();
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-blocked')).toContainText('not valid');
  await expect(page.getByTestId('train-button')).toBeDisabled();
});

/** The y-axis tick labels recharts drew for a chart, as numbers. */
async function yTicks(page: Page, chart: string): Promise<number[]> {
  return page
    .getByTestId(chart)
    .locator('text.y-tick')
    .evaluateAll((ts) => ts.map((t) => Number(t.textContent)));
}

test('the loss axis fits the epoch points, and an overfitting run is marked where val_loss turns up', async ({
  page,
}) => {
  // 60 training images, a brisk learning rate and 20 epochs: the training loss goes to 0
  // while val_loss bottoms out (epoch 9 when this was written) and climbs.
  await loadSmallMnist(page, 10, 'train', [60, 20, 20]);
  await settings(page, { backend: 'wasm', epochs: 20, batchSize: 8, learningRate: 0.003 });
  await page.getByTestId('train-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 200_000 });
  const rows = await epochRows(page);
  const values = rows.flatMap((r) => [r.loss, r.valLoss]);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  for (const log of [false, true]) {
    if (log) await page.getByTestId('loss-log-toggle').check();
    await expect(page.getByTestId('loss-chart')).toHaveAttribute('data-y-scale', log ? 'log' : 'linear');
    const ticks = await yTicks(page, 'loss-chart');
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    // Every epoch point lies within the axis, and the axis is not much wider than they are.
    expect(Math.min(...ticks)).toBeLessThanOrEqual(lo);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(hi);
    const f = log ? Math.log10 : (v: number) => v;
    expect(f(Math.max(...ticks))).toBeLessThan(f(hi) + (f(hi) - f(lo)) * 0.5);
  }
  // Overfitting: marked on the chart and explained under it, after the best epoch.
  const note = page.getByTestId('overfit-note');
  await expect(note).toBeVisible();
  const onset = Number(await note.getAttribute('data-epoch'));
  const best = Number(await page.getByTestId('best-epoch').getAttribute('data-epoch'));
  expect(onset).toBeGreaterThan(best);
  await expect(note).toContainText(`Overfitting starts at epoch ${onset}`);
  await expect(page.getByTestId('loss-chart')).toContainText('overfitting starts here');
  // It is what the epoch rows show: val_loss above its minimum from the onset on, training loss lower at the end.
  const min = rows.find((r) => r.epoch === best)!.valLoss;
  for (const r of rows.filter((r) => r.epoch >= onset)) expect(r.valLoss).toBeGreaterThan(min);
  expect(rows.at(-1)!.loss).toBeLessThan(rows.find((r) => r.epoch === best)!.loss);
});

test('a learning rate far outside the usual range is warned about while typing', async ({ page }) => {
  await openLab(page, 'train');
  const rate = page.getByTestId('learning-rate-input');
  const warning = page.getByTestId('learning-rate-warning');
  await expect(warning).toHaveCount(0);
  await rate.fill('50');
  await expect(warning).toContainText('far above');
  await expect(warning).toContainText('NaN');
  await rate.fill('0.0000001');
  await expect(warning).toContainText('far below');
  await rate.fill('0.001');
  await expect(warning).toHaveCount(0);
});

test('a run that blows up before its first epoch says no checkpoint was kept; the previous result stays', async ({
  page,
}) => {
  await loadSmallMnist(page);
  await settings(page, { backend: 'wasm', epochs: 1 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('test-accuracy')).toBeVisible({ timeout: 120_000 });
  const previous = await page.getByTestId('test-accuracy').getAttribute('data-value');

  await page.getByTestId('learning-rate-input').fill('1e10');
  await page.getByTestId('train-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'error', { timeout: 120_000 });
  await expect(page.getByTestId('no-checkpoint')).toContainText('No checkpoint was kept');
  await expect(page.getByTestId('error-message')).not.toContainText('checkpoint is kept');
  await expect(page.getByTestId('best-epoch')).toHaveCount(0);
  await expect(page.getByTestId('previous-run')).toBeVisible();
  await expect(page.getByTestId('previous-test-accuracy')).toHaveAttribute('data-value', previous!);
});

test('a reload mid-training shows the run as interrupted and continues it from its last checkpoint', async ({
  page,
}) => {
  await loadSmallMnist(page);
  await settings(page, { backend: 'wasm', epochs: 40, batchSize: 4 });
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('epoch-row').first()).toBeVisible({ timeout: 120_000 });
  await page.reload();
  await page.getByTestId('nav-train').click();
  const notice = page.getByTestId('interrupted-run');
  await expect(notice).toContainText(/interrupted after epoch \d+ of 40/);
  const kept = Number(await notice.getAttribute('data-epoch'));
  expect(kept).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('epoch-row')).toHaveCount(kept);
  // Continue appears once the dataset is back from IndexedDB.
  await page.getByTestId('continue-interrupted').click();
  await expect(notice).toHaveCount(0);
  await expect(page.locator(`[data-testid=epoch-row][data-epoch="${kept + 1}"]`)).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('stop-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'stopped');
  expect((await epochRows(page)).map((r) => r.epoch).slice(0, kept + 1)).toEqual(
    Array.from({ length: kept + 1 }, (_, i) => i + 1),
  );
});

test('first visit opens Data; Custom model starts empty with a hint; at 1024x700 the tabs keep one row and shapes one line', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto('/');
  await expect(page.getByTestId('nav-data')).toHaveAttribute('aria-selected', 'true');
  const tops = await Promise.all(
    ['data', 'model', 'train', 'inspect', 'runs'].map(
      async (s) => (await page.getByTestId(`nav-${s}`).boundingBox())!.y,
    ),
  );
  expect(new Set(tops).size).toBe(1);

  await page.getByTestId('nav-model').click();
  const shapes = page.locator('.summary-table td.shape');
  // Lines each shape's text is drawn on (a wrapped tuple spans two).
  const lines = await shapes.evaluateAll((cells) =>
    cells.map((c) => {
      const range = document.createRange();
      range.selectNodeContents(c);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    }),
  );
  expect(lines.length).toBe(8);
  expect(lines.every((n) => n === 1)).toBe(true);
  await expect(shapes.nth(1)).toHaveText('(None, 26, 26, 32)');

  await page.getByTestId('preset-select').selectOption('custom');
  await expect(page.getByTestId('summary-row')).toHaveCount(0);
  await expect(page.getByText('Only the input is there: add layers below')).toBeVisible();
});

/** The first sample thumbnail's pixels as drawn (RGBA), or null while it is being read. */
const firstThumb = (page: Page) =>
  page
    .getByTestId('sample-thumb')
    .first()
    .evaluate((c: HTMLCanvasElement) =>
      c.dataset.state === 'drawn' ? Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data) : null,
    );

test('pixels on disk for a run: the page and worker let go of them, images still show, and they come back for scoring', async ({
  page,
}) => {
  await loadSmallMnist(page, 20, 'data');
  await expect(page.getByTestId('sample-thumb').first()).toHaveAttribute('data-state', 'drawn');
  const before = await firstThumb(page);
  await page.getByTestId('nav-train').click();
  await settings(page, { backend: 'wasm', epochs: 300, batchSize: 8 });
  await page.getByTestId('pixels-select').selectOption('disk');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-throughput')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('pause-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'paused');

  // While the run holds them on disk: said in Data and in Train > Details, in one file of the private file system.
  await page.getByTestId('train-details').locator('summary').click();
  await expect(page.getByTestId('pixels-place')).toHaveAttribute('data-at', 'disk');
  await expect(page.getByTestId('pixels-place')).toContainText('on disk for the run');
  expect(await opfsNames(page)).toContain('training-pixels.bin');
  await page.getByTestId('nav-data').click();
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-pixels', 'disk');
  await expect(page.getByTestId('dataset-status')).toContainText('pixels on disk while the run trains');
  // The thumbnails are drawn again from images the worker reads from the file: the same pixels.
  await expect(page.getByTestId('sample-thumb').first()).toHaveAttribute('data-state', 'drawn');
  expect(await firstThumb(page)).toEqual(before);

  await page.getByTestId('nav-train').click();
  await page.getByTestId('stop-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'stopped');
  // Back in memory once the run is over; the file is gone.
  await page.getByTestId('nav-data').click();
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-pixels', 'memory');
  await expect(page.getByTestId('dataset-status')).not.toContainText('on disk');
  expect(await opfsNames(page)).not.toContain('training-pixels.bin');
  expect(await firstThumb(page)).toEqual(before);

  // A next run trains from memory again and scores its checkpoint on the test split.
  await page.getByTestId('nav-train').click();
  await page.getByTestId('pixels-select').selectOption('memory');
  await settings(page, { backend: 'wasm', epochs: 1, batchSize: 8 });
  await page.getByTestId('train-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('pixels-place')).toHaveAttribute('data-at', 'memory');
});
