import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, openLab, summaryRows } from './fixtures';
import { loadSmallMnist } from './helpers';

// Export (Keras script, notebook, results) and share links, as a student uses them.

async function downloadOf(page: Page, testId: string): Promise<{ name: string; text: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const bytes = readFileSync((await download.path())!);
  return { name: download.suggestedFilename(), text: bytes.toString('utf8'), bytes };
}

async function trainSettings(page: Page) {
  return {
    epochs: await page.getByTestId('epochs-input').inputValue(),
    batchSize: await page.getByTestId('batch-size-input').inputValue(),
    learningRate: await page.getByTestId('learning-rate-input').inputValue(),
    optimizer: await page.getByTestId('optimizer-select').inputValue(),
  };
}

test("the Keras script and notebook download before any run and hold the model's layer lines", async ({ page }) => {
  await openLab(page, 'train');
  const py = await downloadOf(page, 'export-python-button');
  expect(py.name).toBe('convnet_lab.py');
  expect(py.text).toContain('inputs = keras.Input(shape=(28, 28, 1))');
  expect(py.text).toContain('x = layers.Conv2D(filters=32, kernel_size=3, activation="relu", name="conv2d")(inputs)');
  expect(py.text).toContain('outputs = layers.Dense(units=10, activation="softmax", name="dense")(x)');
  expect(py.text).toContain('keras.optimizers.RMSprop(learning_rate=0.001');
  expect(py.text).toContain('sys.argv[1]');

  const nb = await downloadOf(page, 'export-notebook-button');
  expect(nb.name).toBe('convnet_lab.ipynb');
  const notebook = JSON.parse(nb.text) as { nbformat: number; cells: { cell_type: string; source: string[] }[] };
  expect(notebook.nbformat).toBe(4);
  const code = notebook.cells.filter((c) => c.cell_type === 'code').map((c) => c.source.join(''));
  expect(code.join('\n\n\n') + '\n').toBe(py.text);
  expect(notebook.cells.some((c) => c.cell_type === 'markdown')).toBe(true);
});

test('a share link opened in a fresh browser shows the same stack and settings', async ({ page, browser, baseURL }) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('catsdogs-augmented');
  const rows = await summaryRows(page);
  await page.getByTestId('nav-train').click();
  await page.getByTestId('optimizer-select').selectOption('adam');
  await page.getByTestId('epochs-input').fill('9');
  await page.getByTestId('batch-size-input').fill('16');
  await page.getByTestId('learning-rate-input').fill('0.0005');
  const settings = await trainSettings(page);
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-button')).toHaveAttribute('data-url', /#lab=1\./);
  const url = (await page.getByTestId('share-button').getAttribute('data-url'))!;
  expect(url.startsWith(baseURL!)).toBe(true);
  expect(url.length).toBeLessThan(600);
  await expect(page.getByTestId('share-url')).toHaveValue(url);

  const fresh = await browser.newContext();
  const foreign: string[] = [];
  fresh.on(
    'request',
    (r) =>
      void (
        new URL(r.url()).origin !== new URL(baseURL!).origin &&
        !r.url().startsWith('blob:') &&
        !r.url().startsWith('data:') &&
        foreign.push(r.url())
      ),
  );
  const other = await fresh.newPage();
  await other.goto(url);
  await expect(other.getByTestId('share-notice')).toContainText('Opened a shared setup');
  await expect.poll(() => other.evaluate(() => window.location.hash)).toBe('');
  await other.getByTestId('nav-model').click();
  await expect(other.getByTestId('summary-row')).toHaveCount(rows.length);
  expect(await summaryRows(other)).toEqual(rows);
  await other.getByTestId('nav-train').click();
  expect(await trainSettings(other)).toEqual(settings);
  // Undoable: the fresh browser's own stack (the default convnet) comes back.
  await other.getByTestId('nav-model').click();
  await other.keyboard.press('Control+z');
  await expect(other.getByTestId('summary-row')).toHaveCount(7);
  await fresh.close();
  expect(foreign).toEqual([]);
});

test('a lesson link loads its built-in dataset and shows the instruction until dismissed', async ({ page }) => {
  await openLab(page, 'train');
  await page.getByText('Lesson link (for teachers)').click();
  await page.getByTestId('share-dataset-select').selectOption('mnist');
  await page.getByTestId('share-text-input').fill('Train for 2 epochs, then add Dropout.');
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-button')).toHaveAttribute('data-url', /#lab=1\./);
  const url = (await page.getByTestId('share-button').getAttribute('data-url'))!;
  await page.goto(url.replace('/#', '/?lesson#'));
  await expect(page.getByTestId('share-instructions')).toHaveText('Train for 2 epochs, then add Dropout.');
  await page.getByTestId('nav-data').click();
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('class-row')).toHaveCount(10);
  await page.getByTestId('share-dismiss').click();
  await expect(page.getByTestId('share-instructions')).toHaveCount(0);
});

test('a malformed or future link shows a clear message and leaves the stored stack unchanged', async ({ page }) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('mnist-dense');
  const rows = await summaryRows(page);
  for (const [hash, message] of [
    ['#lab=1.notAValidLink*', /damaged/],
    ['#lab=7.AAAA', /newer version/],
    ['#lab=1.q1bKSk1RslIqSy0qzszPUzJUMjRRsgYA', /cannot be opened|damaged/],
  ] as const) {
    await page.goto(`/?bad${hash}`);
    await expect(page.getByTestId('error-message')).toContainText(message);
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('');
    await page.getByTestId('nav-model').click();
    expect(await summaryRows(page)).toEqual(rows);
    // The page keeps working: the student can go on editing.
    await expect(page.getByTestId('preset-select')).toBeEnabled();
  }
  await page.getByTestId('share-dismiss').click();
  await expect(page.getByTestId('error-message')).toHaveCount(0);
});

test('after a short run, the metrics come out as CSV and JSON and each chart as PNG', async ({ page }) => {
  await openLab(page, 'data');
  await page.getByTestId('max-per-class-input').fill('10');
  await page.getByTestId('builtin-select').selectOption('mnist');
  await expect(page.getByTestId('dataset-status')).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('mnist-dense');
  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('cpu');
  await page.getByTestId('epochs-input').fill('2');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('epoch-row')).toHaveCount(2);

  const csv = await downloadOf(page, 'export-csv-button');
  const lines = csv.text.trimEnd().split('\n');
  expect(lines[0]).toBe('epoch,loss,accuracy,val_loss,val_accuracy,seconds');
  expect(lines).toHaveLength(3);
  const rowLoss = await page.getByTestId('epoch-row').first().getAttribute('data-loss');
  const first = lines[1]!.split(',');
  expect(first[0]).toBe('1');
  expect(Number(first[1])).toBeCloseTo(Number(rowLoss), 4);

  const json = JSON.parse((await downloadOf(page, 'export-json-button')).text) as {
    format: string;
    run: { epochs: unknown[] };
  };
  expect(json.format).toBe('convnet-lab-run');
  expect(json.run.epochs).toHaveLength(2);

  for (const id of ['export-loss-png-button', 'export-accuracy-png-button']) {
    const png = await downloadOf(page, id);
    expect(png.name).toMatch(/\.png$/);
    await test.info().attach(png.name, { body: png.bytes, contentType: 'image/png' });
    expect(png.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // The whole plot, not a legend icon: at least the chart's width at 2x (PNG width is bytes 16-19).
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(600);
    expect(png.bytes.length).toBeGreaterThan(5000);
  }
});

test('a long run name keeps the export run select inside its card', async ({ page }) => {
  await loadSmallMnist(page, 10, 'train');
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await page.getByTestId('nav-runs').click();
  await page
    .getByRole('button', { name: /rename/i })
    .first()
    .click();
  await page.getByLabel('Run name').fill('A long run name a student wrote to remember what this run tried. '.repeat(3));
  await page.getByLabel('Run name').press('Enter');
  await page.getByTestId('nav-train').click();
  const select = page.getByTestId('export-model-run');
  await expect(select).toContainText('A long run name');
  // Measured: without the shrinking field the select was 892 px wide in a 340 px card.
  const box = (await select.boundingBox())!;
  const card = (await page.locator('.export-panel').boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(card.x + card.width);
});
