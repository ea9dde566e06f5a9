// Webcam capture with Chromium's fake camera (a moving test pattern): images
// recorded into classes join the dataset as a folder's files (split, kept
// across a reload) and train; the camera is released when capture closes; a
// refused camera says so and changes nothing.
import type { Page } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/find-chromium.mjs';
import { test, expect, openLab } from './fixtures';
import { classRows, datasetStatus, writeImageFolder } from './helpers';

const executablePath = (await findChromium()) ?? undefined;
test.use({
  launchOptions: {
    executablePath,
    args: [...chromiumArgs(), '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
  permissions: ['camera'],
});

/** Keeps every stream the page gets, to check its tracks are stopped. */
async function watchStreams(page: Page) {
  await page.addInitScript(() => {
    const streams: MediaStream[] = [];
    (window as unknown as { labStreams: MediaStream[] }).labStreams = streams;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const s = await original(c);
      streams.push(s);
      return s;
    };
  });
}
const liveTracks = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { labStreams: MediaStream[] }).labStreams
        .flatMap((s) => s.getTracks())
        .filter((t) => t.readyState === 'live').length,
  );
const count = async (page: Page) => Number(await page.getByTestId('webcam-count').getAttribute('data-count'));

/** Holds the record button until the class has at least `n` images. */
async function holdToRecord(page: Page, n: number) {
  await page.getByTestId('webcam-capture-button').hover();
  await page.mouse.down();
  await expect.poll(() => count(page)).toBeGreaterThanOrEqual(n);
  await page.mouse.up();
}
const perClass = async (page: Page) =>
  Object.fromEntries((await classRows(page)).map((r) => [r.name, r.train + r.val + r.test]));

test('records 10+ images into two new classes with the fake camera, then trains; kept across a reload', async ({
  page,
}) => {
  await watchStreams(page);
  await openLab(page, 'data');
  await page.getByTestId('webcam-button').click();
  await page.getByTestId('webcam-class-input').fill('left');
  await holdToRecord(page, 10);
  await page.getByTestId('webcam-class-input').fill('right');
  expect(await count(page)).toBe(0);
  await holdToRecord(page, 10);
  expect(await liveTracks(page)).toBeGreaterThan(0);

  await page.getByTestId('webcam-add-button').click();
  await expect(page.getByTestId('webcam-panel')).toHaveCount(0);
  expect(await liveTracks(page)).toBe(0); // the camera is off once capture closes
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  const counts = await perClass(page);
  expect(Object.keys(counts)).toEqual(['left', 'right']);
  expect(counts.left).toBeGreaterThanOrEqual(10);
  expect(counts.right).toBeGreaterThanOrEqual(10);
  // Split like a folder's images: some of each class held out for validation.
  for (const row of await classRows(page)) expect(row.val + row.test).toBeGreaterThan(0);

  await page.getByTestId('nav-train').click();
  await page.getByTestId('backend-select').selectOption('wasm');
  await page.getByTestId('epochs-input').fill('1');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('training-status')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(page.getByTestId('epoch-row')).toHaveCount(1);

  await page.reload();
  await page.getByTestId('nav-data').click();
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  expect(await perClass(page)).toEqual(counts);
});

test("a class row's webcam button adds clicked images to the loaded folder's class", async ({ page }) => {
  await watchStreams(page);
  await openLab(page, 'data');
  await page.getByTestId('folder-input').setInputFiles(writeImageFolder('pets', ['cat', 'dog'], 5));
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await page.getByTestId('class-row').filter({ hasText: 'cat' }).getByTestId('webcam-button').click();
  await expect(page.getByTestId('webcam-class-input')).toHaveValue('cat');
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('webcam-capture-button').click();
    await expect.poll(() => count(page)).toBe(i);
  }
  await page.getByTestId('webcam-add-button').click();
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  expect(await perClass(page)).toEqual({ cat: 8, dog: 5 });
  expect(await liveTracks(page)).toBe(0);
  await expect(datasetStatus(page)).toContainText('pets');
});

test('a refused camera says so and changes nothing', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await openLab(page, 'data');
  await page.getByTestId('webcam-button').click();
  await expect(page.getByTestId('error-message')).toContainText('camera was refused');
  await expect(page.getByTestId('webcam-capture-button')).toHaveCount(0);
  await page.getByTestId('webcam-cancel-button').click();
  await expect(page.getByTestId('webcam-panel')).toHaveCount(0);
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'empty');
});
