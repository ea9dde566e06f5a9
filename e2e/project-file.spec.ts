import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect, openLab } from './fixtures';
import { classRows, datasetStatus, loadSmallMnist, tempFolder, writeImageFolder } from './helpers';
import { png } from './data-images';

// The whole project in one file: made in one browser profile, opened in a fresh one (a new context: empty
// IndexedDB, localStorage and OPFS), where the student carries on with the same runs, model, settings and data.

/** A context of its own, like another browser profile; downloads go to a file, not a save dialog. */
async function freshContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
  });
  // Without showSaveFilePicker the save falls back to Blob parts and a download (the picker would wait for a click).
  await context.addInitScript(() => Object.defineProperty(window, 'showSaveFilePicker', { value: undefined }));
  return context;
}

async function saveProject(page: Page, name: string): Promise<{ path: string; bytes: number }> {
  const download = page.waitForEvent('download');
  await page.getByTestId('project-save-button').click();
  const path = join(tempFolder('project'), name);
  await (await download).saveAs(path);
  await expect(page.getByTestId('project-notice')).toContainText('Project saved');
  return { path, bytes: statSync(path).size };
}

test('a project saved in one browser profile opens in a fresh one with the same runs, model, settings and data', async ({
  browser,
  baseURL,
}) => {
  const first = await freshContext(browser, baseURL!);
  const page = await first.newPage();
  await loadSmallMnist(page, 10, 'train');
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('batch-size-input').fill('32');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-value', /\d/);
  // A setting changed after the run: the project keeps the setup as it is now.
  await page.getByTestId('learning-rate-input').fill('0.002');
  await page.getByTestId('nav-runs').click();
  const item = page.getByTestId('run-item');
  await item.getByRole('button', { name: 'Rename' }).click();
  await item.getByLabel('Run name').fill('first digits run');
  await item.getByLabel('Run name').press('Enter');
  await expect(item).toHaveAttribute('data-name', 'first digits run');
  await item.getByText('Add notes').click();
  await item.getByLabel('Notes').fill('1 epoch on 100 digits');
  await item.getByLabel('Notes').blur();
  const testAccuracy = await item.getAttribute('data-test-accuracy');
  expect(testAccuracy).toMatch(/\d/);
  await page.getByTestId('nav-model').click();
  const total = await page.getByTestId('summary-total-params').textContent();
  await page.getByTestId('nav-data').click();
  const rows = await classRows(page);
  await page.getByTestId('nav-inspect').click();
  const kernels = await page.getByTestId('kernel-grid').getAttribute('data-checksum');
  const saved = await saveProject(page, 'mnist-project.zip');
  console.log(`project file, MNIST built-in (100 digits) + one 1-epoch run: ${saved.bytes} bytes`);
  await first.close();

  const second = await freshContext(browser, baseURL!);
  const other = await second.newPage();
  await openLab(other, 'runs');
  await expect(other.getByTestId('run-item')).toHaveCount(0);
  // A file that is not a project is refused with its reason, and nothing changes.
  const dir = tempFolder('not-a-project');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'photo.zip'), png(8, 8, 'rgb', 1));
  await other.getByTestId('project-open-input').setInputFiles(join(dir, 'photo.zip'));
  await expect(other.getByTestId('project-error')).toContainText('not a zip');
  await expect(other.getByTestId('project-confirm')).toHaveCount(0);

  await other.getByTestId('project-open-input').setInputFiles(saved.path);
  await expect(other.getByTestId('project-confirm')).toContainText('1 run, MNIST');
  const reloaded = other.waitForEvent('load');
  await other.getByTestId('project-confirm-button').click();
  // The page reloads and brings everything back through its own start-up.
  await reloaded;
  await other.getByTestId('nav-data').click();
  await expect(datasetStatus(other)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(datasetStatus(other)).toHaveAttribute('data-images', '100');
  expect(await classRows(other)).toEqual(rows);
  await other.getByTestId('nav-runs').click();
  const opened = other.getByTestId('run-item');
  await expect(opened).toHaveCount(1);
  await expect(opened).toHaveAttribute('data-name', 'first digits run');
  await expect(opened).toHaveAttribute('data-test-accuracy', testAccuracy!);
  await opened.getByText('Notes').click();
  await expect(opened.getByLabel('Notes')).toHaveValue('1 epoch on 100 digits');
  await other.getByTestId('nav-model').click();
  await expect(other.getByTestId('summary-total-params')).toHaveText(total!);
  await other.getByTestId('nav-train').click();
  await expect(other.getByTestId('learning-rate-input')).toHaveValue('0.002');
  // Inspect reads the opened run's checkpoint (the worker kept it): the same filters, and Try it predicts.
  await other.getByTestId('nav-inspect').click();
  await expect(other.getByTestId('kernel-grid')).toHaveAttribute('data-checksum', kernels!);
  const file = join(dir, 'digit.png');
  writeFileSync(file, png(28, 28, 'gray', 3));
  await other.getByTestId('predict-input').setInputFiles(file);
  await expect(other.getByTestId('prediction-row')).toHaveCount(10);
  await second.close();
});

test('project file sizes for the lessons’ datasets: Shapes (built-in recipe) and a 100-image folder', async ({
  browser,
  baseURL,
}) => {
  const context = await freshContext(browser, baseURL!);
  const page = await context.newPage();
  await openLab(page, 'data');
  await page.getByTestId('builtin-select').selectOption('shapes');
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  const shapes = await saveProject(page, 'shapes.zip');
  console.log(`project file, Shapes built-in, no runs: ${shapes.bytes} bytes`);
  expect(shapes.bytes).toBeLessThan(20_000);

  const folder = writeImageFolder('pets', ['cat', 'dog'], 50, { width: 160, height: 120 });
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await expect(datasetStatus(page)).toHaveAttribute('data-images', '100');
  const pets = await saveProject(page, 'pets.zip');
  console.log(`project file, 100-image folder (160x120 PNGs), no runs: ${pets.bytes} bytes`);
  // The original files, stored as they are, plus a few KB of records.
  const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  const fileBytes = files.reduce((n, f) => n + statSync(join(f.parentPath, f.name)).size, 0);
  console.log(`  (the folder's own files: ${fileBytes} bytes)`);
  expect(pets.bytes).toBeGreaterThan(fileBytes);
  expect(pets.bytes).toBeLessThan(fileBytes + 40_000);
  const rows = await classRows(page);
  await context.close();

  // The folder comes back in a fresh profile from its original files: same classes, same split.
  const other = await freshContext(browser, baseURL!);
  const opened = await other.newPage();
  await openLab(opened, 'data');
  await opened.getByTestId('project-open-input').setInputFiles(pets.path);
  await expect(opened.getByTestId('project-confirm')).toContainText('100 images');
  const reloaded = opened.waitForEvent('load');
  await opened.getByTestId('project-confirm-button').click();
  await reloaded;
  await opened.getByTestId('nav-data').click();
  await expect(datasetStatus(opened)).toHaveAttribute('data-state', 'ready');
  await expect(datasetStatus(opened)).toHaveAttribute('data-images', '100');
  expect(await classRows(opened)).toEqual(rows);
  await other.close();
});
