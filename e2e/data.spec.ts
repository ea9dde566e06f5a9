import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, openLab } from './fixtures';
import type { Page } from '@playwright/test';
import { bmp, canvasImage, GIF_1X1, orientedJpeg, png, writeTree } from './data-images';
import { classRows, datasetStatus as status, tempFolder, writeImageFolder } from './helpers';

async function skippedItems(page: Page): Promise<Record<string, string>> {
  const list = await page
    .getByTestId('skipped-item')
    .evaluateAll((items) => items.map((i) => [i.getAttribute('data-file') ?? '', i.textContent ?? '']));
  return Object.fromEntries(list);
}

test('built-in MNIST: 10,000 digits in 10 classes, a per-class cap, kept across a reload', async ({ page }) => {
  await openLab(page, 'data');
  await expect(status(page)).toHaveAttribute('data-state', 'empty');
  await page.getByTestId('builtin-select').selectOption('mnist');
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  let rows = await classRows(page);
  expect(rows.map((r) => r.name)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  expect(rows.reduce((n, r) => n + r.train + r.val + r.test, 0)).toBe(10_000);
  // The digit 1 has 1,127 images: a seeded 80/10/10 split per class (the default).
  expect(rows[1]).toEqual({ name: '1', train: 901, val: 113, test: 113 });
  await expect(page.getByTestId('sample-thumb').first()).toBeVisible();

  // The model follows the dataset: 28x28 grayscale, 10 classes.
  await page.getByTestId('nav-model').click();
  await expect(page.getByTestId('input-height')).toHaveValue('28');
  await expect(page.getByTestId('input-channels')).toHaveValue('1');
  await page.getByTestId('nav-data').click();

  await page.getByTestId('max-per-class-input').fill('10');
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  rows = await classRows(page);
  expect(rows).toHaveLength(10);
  for (const r of rows) expect([r.train, r.val, r.test]).toEqual([8, 1, 1]);

  await page.reload();
  await page.getByTestId('nav-data').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  expect(await classRows(page)).toEqual(rows);
  await expect(page.getByTestId('max-per-class-input')).toHaveValue('10');
});

test('a folder of class sub-folders: exact counts, every skipped file with its reason, kept across a reload', async ({
  page,
}) => {
  await openLab(page, 'data');
  const root = tempFolder('pets');
  writeTree(root, {
    'cats/cat 1.png': png(40, 30, 'rgb', 1),
    'cats/gray.png': png(20, 20, 'gray', 2),
    'cats/palette.PNG': png(16, 24, 'palette', 3),
    'cats/nested/deeper/alpha.png': png(50, 50, 'rgba', 4),
    'cats/photo.jpg': await canvasImage(page, 'image/jpeg', 64, 48, 5),
    'cats/tiny.gif': GIF_1X1,
    'dogs/Hündchen ñ 2.jpeg': await canvasImage(page, 'image/jpeg', 33, 77, 6),
    'dogs/dog.webp': await canvasImage(page, 'image/webp', 30, 30, 7),
    'dogs/dog.bmp': bmp(10, 8, 8),
    'dogs/big.JPG': await canvasImage(page, 'image/jpeg', 500, 375, 9),
    'dogs/broken.jpg': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)]),
    'dogs/fake.png': 'this is not a png',
    'dogs/notes.txt': 'a text file',
    'dogs/empty.png': Buffer.alloc(0),
    'dogs/Thumbs.db': 'x',
    'cats/._photo.jpg': 'resource fork',
    'cats/.DS_Store': 'x',
    '.DS_Store': 'x',
    'readme.md': '# pets',
    'top.png': png(8, 8, 'rgb', 10),
  });
  await page.getByTestId('folder-input').setInputFiles(root);
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  // Colour images stay colour, at the MNIST model's 28x28 (which it takes).
  await expect(status(page)).toContainText('28×28×3');
  expect(await classRows(page)).toEqual([
    { name: 'cats', train: 4, val: 1, test: 1 },
    { name: 'dogs', train: 2, val: 1, test: 1 },
  ]);
  await expect(page.getByTestId('skipped-count')).toHaveText('10');
  const skipped = await skippedItems(page);
  expect(Object.keys(skipped).sort()).toEqual(
    [
      '.DS_Store',
      'cats/.DS_Store',
      'cats/._photo.jpg',
      'dogs/Thumbs.db',
      'dogs/broken.jpg',
      'dogs/empty.png',
      'dogs/fake.png',
      'dogs/notes.txt',
      'readme.md',
      'top.png',
    ].sort(),
  );
  expect(skipped['dogs/broken.jpg']).toContain('corrupt');
  expect(skipped['dogs/fake.png']).toContain('not a valid image');
  expect(skipped['dogs/notes.txt']).toContain('not an image');
  expect(skipped['dogs/empty.png']).toContain('empty');
  expect(skipped['cats/.DS_Store']).toContain('.DS_Store');
  expect(skipped['top.png']).toContain('not inside a class folder');
  // A tiny dataset is flagged.
  await expect(page.locator('[data-testid=health-issue][data-kind=tiny-class]')).toBeVisible();

  // Another seed gives another split of the same images, without decoding again.
  await page.getByTestId('split-seed-input').fill('7');
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  const resplit = await classRows(page);
  expect(resplit.map((r) => r.train + r.val + r.test)).toEqual([6, 4]);

  await page.reload();
  await page.getByTestId('nav-data').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  expect(await classRows(page)).toEqual(resplit);
  await expect(page.getByTestId('skipped-count')).toHaveText('10');

  // The student changes the input size: the dataset is made again from the kept files, by itself.
  await page.getByTestId('nav-model').click();
  await page.getByTestId('input-height').fill('20');
  await page.getByTestId('nav-data').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toContainText('20×28×3');
  await expect(page.getByTestId('data-mismatch')).toHaveCount(0);
  expect(await classRows(page)).toEqual(resplit);

  await page.getByTestId('clear-dataset-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'empty');
  await page.reload();
  await page.getByTestId('nav-data').click();
  await expect(status(page)).toHaveAttribute('data-state', 'empty');
});

/** The saved dataset as IndexedDB holds it: still waiting for its pixels, and how many pixel chunks are stored. */
const savedRecord = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) =>
      Object.assign(indexedDB.open('convnet-lab-data', 2), {
        onsuccess(this: IDBOpenDBRequest) {
          ok(this.result);
        },
        onerror: fail,
      }),
    );
    const ask = <T>(store: string, f: (s: IDBObjectStore) => IDBRequest<T>) =>
      new Promise<T>((ok, fail) =>
        Object.assign(f(db.transaction(store).objectStore(store)), {
          onsuccess(this: IDBRequest<T>) {
            ok(this.result);
          },
          onerror: fail,
        }),
      );
    const record = await ask<{ pending?: number } | undefined>('datasets', (s) => s.get('current'));
    const chunks = await ask<number>('pixels', (s) => s.count());
    db.close();
    return { saved: record !== undefined, pending: record?.pending !== undefined, chunks };
  });

test('a reload before the decoded images were saved decodes the kept files again, then saves their pixels', async ({
  page,
}) => {
  await openLab(page, 'data');
  await page.getByTestId('folder-input').setInputFiles(writeImageFolder('pets', ['cat', 'dog'], 6));
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  const rows = await classRows(page);
  // "Ready" came with the record and files; the pixels follow, then the note goes.
  await expect(page.getByTestId('data-keeping')).toHaveCount(0);
  expect(await savedRecord(page)).toEqual({ saved: true, pending: false, chunks: 3 });

  // As a tab closed mid-copy leaves it: the record waits for its pixels and none are stored.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) =>
      Object.assign(indexedDB.open('convnet-lab-data', 2), {
        onsuccess(this: IDBOpenDBRequest) {
          ok(this.result);
        },
        onerror: fail,
      }),
    );
    const tx = db.transaction(['datasets', 'pixels'], 'readwrite');
    const get = tx.objectStore('datasets').get('current');
    get.onsuccess = () => tx.objectStore('datasets').put({ ...get.result, pending: 1 }, 'current');
    tx.objectStore('pixels').clear();
    await new Promise((ok, fail) => Object.assign(tx, { oncomplete: ok, onerror: fail }));
    db.close();
  });
  expect(await savedRecord(page)).toEqual({ saved: true, pending: true, chunks: 0 });

  await page.reload();
  await page.getByTestId('nav-data').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toContainText('pets');
  expect(await classRows(page)).toEqual(rows);
  await expect(page.getByTestId('data-keeping')).toHaveCount(0);
  expect(await savedRecord(page)).toEqual({ saved: true, pending: false, chunks: 3 });
});

test('the textbook layout: train/, validation/, test/ are taken as given', async ({ page }) => {
  await openLab(page, 'data');
  const root = tempFolder('cats_vs_dogs_small');
  const files: Record<string, Buffer> = {};
  const counts = { train: 5, validation: 3, test: 2 };
  let seed = 0;
  for (const [split, n] of Object.entries(counts)) {
    for (const cls of ['cat', 'dog'])
      for (let i = 0; i < n; i++) files[`${split}/${cls}/${cls}.${i}.png`] = png(12 + i, 10, 'rgb', seed++);
  }
  files['train/loose.png'] = png(8, 8, 'gray', 99);
  files['test/cat/copy of cat.0.png'] = files['train/cat/cat.0.png']!; // the same picture in two splits
  writeTree(root, files);
  await page.getByTestId('folder-input').setInputFiles(root);
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  expect(await classRows(page)).toEqual([
    { name: 'cat', train: 5, val: 3, test: 3 },
    { name: 'dog', train: 5, val: 3, test: 2 },
  ]);
  const duplicates = page.locator('[data-testid=health-issue][data-kind=duplicates]');
  await expect(duplicates).toContainText('1 image appears in more than one split');
  await duplicates.getByText('Details').click();
  await expect(duplicates).toContainText('train/cat/cat.0.png (train) = test/cat/copy of cat.0.png (test)');
  await expect(page.getByTestId('skipped-count')).toHaveText('1');
  await expect(page.getByTestId('skipped-item')).toHaveAttribute('data-file', 'train/loose.png');

  // The cap applies to each class within each given split.
  await page.getByTestId('max-per-class-input').fill('2');
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  expect(await classRows(page)).toEqual([
    { name: 'cat', train: 2, val: 2, test: 2 },
    { name: 'dog', train: 2, val: 2, test: 2 },
  ]);
});

test('a folder in a layout the lab cannot read gets a clear message with the expected tree', async ({ page }) => {
  await openLab(page, 'data');
  const flat = tempFolder('holiday');
  writeTree(flat, { 'a.png': png(8, 8, 'rgb', 1), 'b.png': png(8, 8, 'rgb', 2) });
  await page.getByTestId('folder-input').setInputFiles(flat);
  await expect(status(page)).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('data-error')).toContainText('one sub-folder per class');
  await expect(page.getByTestId('expected-tree')).toContainText('validation/');

  const single = tempFolder('only-cats');
  writeTree(single, { 'cats/a.png': png(8, 8, 'rgb', 1), 'cats/b.png': png(8, 8, 'rgb', 2) });
  await page.getByTestId('folder-input').setInputFiles(single);
  await expect(page.getByTestId('data-error')).toContainText('Only one class folder (cats/)');

  // A folder of junk only (a corrupt .jpg in one class folder, a .txt in the other) says it holds no readable image.
  const junk = tempFolder('junk');
  writeTree(junk, {
    'cats/broken.jpg': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)]),
    'dogs/notes.txt': 'a text file',
  });
  await page.getByTestId('folder-input').setInputFiles(junk);
  await expect(page.getByTestId('data-error')).toContainText('no image the browser can read');
  await expect(page.getByTestId('data-error')).not.toContainText('Only one class folder');
  await expect(page.getByTestId('skipped-item')).toHaveCount(2);
  const skipped = await skippedItems(page);
  expect(skipped['cats/broken.jpg']).toContain('corrupt');
  expect(skipped['dogs/notes.txt']).toContain('not an image');
  // The lab keeps working: a built-in loads after the error.
  await page.getByTestId('builtin-select').selectOption('shapes');
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  expect((await classRows(page)).map((r) => r.name)).toEqual(['circle', 'square', 'star', 'triangle']);
  await expect(page.getByTestId('data-error')).toHaveCount(0);
});

test('a dataset too large for memory is refused before decoding, with an offer to downscale', async ({ page }) => {
  // Pretend a tiny device: the budget becomes ~26 KB, so 10 images of 100x100 (100 KB) do not fit.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 0.0001 }));
  await openLab(page, 'model');
  await page.getByTestId('input-height').fill('100');
  await page.getByTestId('input-width').fill('100');
  await page.getByTestId('nav-data').click();
  const root = tempFolder('small');
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < 5; i++) {
    files[`a/${i}.png`] = png(30, 30, 'rgb', i);
    files[`b/${i}.png`] = png(30, 30, 'gray', i + 10);
  }
  writeTree(root, files);
  await page.getByTestId('folder-input').setInputFiles(root);
  const prompt = page.getByTestId('memory-prompt');
  await expect(prompt).toContainText('10 images at 100×100×1 take 98 KB');
  await expect(status(page)).toHaveAttribute('data-state', 'empty');
  await page.getByTestId('downscale-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toContainText('51×51×1');
  await expect(prompt).toHaveCount(0);
  await page.getByTestId('nav-model').click();
  await expect(page.getByTestId('input-height')).toHaveValue('51');
});

test('dropping onto the page loads what was dropped (loose files get the layout message)', async ({ page }) => {
  await openLab(page, 'data');
  // Real images (junk at the top level would be called junk: see the layout test above).
  const bytes = [...png(8, 8, 'rgb', 1)];
  await page.evaluate(async (bytes) => {
    const dt = new DataTransfer();
    for (const name of ['a.png', 'b.png']) dt.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
    for (const type of ['dragenter', 'dragover', 'drop'])
      window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await expect(status(page)).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('data-error')).toContainText('top level of the folder');
  await expect(page.getByTestId('expected-tree')).toBeVisible();
});

test('a load in progress shows its progress and can be cancelled, keeping the previous dataset', async ({ page }) => {
  await openLab(page, 'data');
  await page.getByTestId('builtin-select').selectOption('shapes');
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  // Hold the MNIST download so the load stays in progress until the test lets go.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/datasets/mnist.bin', async (route) => {
    await held;
    await route.continue().catch(() => undefined);
  });
  await page.getByTestId('builtin-select').selectOption('mnist');
  await expect(status(page)).toHaveAttribute('data-state', 'loading');
  await expect(page.getByTestId('load-progress')).toBeVisible();
  await page.getByTestId('cancel-load-button').click();
  release();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  expect((await classRows(page)).map((r) => r.name)).toEqual(['circle', 'square', 'star', 'triangle']);
  await expect(page.getByTestId('load-progress')).toHaveCount(0);
  await expect(page.getByTestId('data-mismatch')).toHaveCount(0); // the model still has the shapes' 32x32 RGB input
});

test('a colour folder loaded with the MNIST model stays colour, and follows the cats-vs-dogs preset to 180x180x3 by itself', async ({
  page,
}) => {
  await openLab(page, 'data');
  const root = writeImageFolder('pets-colour', ['cat', 'dog'], 5, { mode: 'rgb', width: 30, height: 24 });
  await page.getByTestId('folder-input').setInputFiles(root);
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toContainText('28×28×3');
  await page.getByTestId('nav-model').click();
  await expect(page.getByTestId('input-channels')).toHaveValue('3');
  await expect(page.getByTestId('input-height')).toHaveValue('28');
  await expect(page.getByTestId('min-input-size')).toHaveAttribute('data-side', '18');

  await page.getByTestId('preset-select').selectOption('catsdogs-naive');
  await expect(page.getByTestId('min-input-size')).toHaveAttribute('data-side', '78');
  await expect(page.getByTestId('min-input-size')).toContainText('180×180');
  await page.getByTestId('nav-data').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toContainText('180×180×3');
  await expect(page.getByTestId('data-mismatch')).toHaveCount(0);
  expect(await classRows(page)).toEqual([
    { name: 'cat', train: 3, val: 1, test: 1 },
    { name: 'dog', train: 3, val: 1, test: 1 },
  ]);
  await page.getByTestId('nav-train').click();
  await expect(page.getByTestId('train-button')).toBeEnabled();

  // Kept for the next visit as soon as it says ready.
  await page.reload();
  await page.getByTestId('nav-data').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toContainText('pets-colour');
  await expect(status(page)).toContainText('180×180×3');
});

test('a grayscale folder stays grayscale; an input set by hand is kept', async ({ page }) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('catsdogs-naive');
  await page.getByTestId('nav-data').click();
  await page.getByTestId('folder-input').setInputFiles(writeImageFolder('scans', ['a', 'b'], 3, { mode: 'gray' }));
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toContainText('180×180×1');

  await page.getByTestId('nav-model').click();
  await page.getByTestId('input-height').fill('100');
  await page.getByTestId('input-width').fill('100');
  await page.getByTestId('input-channels').selectOption('3');
  await page.getByTestId('nav-data').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(status(page)).toContainText('100×100×3');
  // A new folder now keeps the student's 100x100x3.
  await page.getByTestId('folder-input').setInputFiles(writeImageFolder('more-scans', ['a', 'b'], 3, { mode: 'gray' }));
  await expect(status(page)).toContainText('more-scans');
  await expect(status(page)).toContainText('100×100×3');
});

test('below the smallest input it takes, the model offers the nearest changes, applied on one click and undoable', async ({
  page,
}) => {
  await openLab(page, 'model');
  await page.getByTestId('preset-select').selectOption('catsdogs-augmented');
  await page.getByTestId('input-height').fill('64');
  await page.getByTestId('input-width').fill('64');
  await expect(page.getByTestId('arch-error')).toBeVisible();
  const same = page.locator('[data-testid=fit-suggestion][data-kind=same-padding]');
  await expect(same).toBeVisible();
  const promised = await same.getAttribute('data-total-params');
  await same.click();
  await expect(page.getByTestId('arch-error')).toHaveCount(0);
  expect(Number(promised)).toBeGreaterThan(0);
  await expect(page.getByTestId('summary-total-params')).toHaveAttribute('data-value', promised!);
  await expect(page.getByTestId('fit-suggestion')).toHaveCount(0);
  await page.getByTestId('undo-button').click();
  await expect(page.getByTestId('arch-error')).toBeVisible();
  await page.locator('[data-testid=fit-suggestion][data-kind=input-size]').click();
  await expect(page.getByTestId('input-height')).toHaveValue('78');
  await expect(page.getByTestId('arch-error')).toHaveCount(0);
});

test('a one-class folder after a dataset: the error, and no stale view of the previous dataset', async ({ page }) => {
  await openLab(page, 'data');
  await page.getByTestId('builtin-select').selectOption('shapes');
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('class-row')).toHaveCount(4);
  await page.getByTestId('folder-input').setInputFiles(writeImageFolder('only-cats', ['cats'], 2));
  await expect(status(page)).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('data-error')).toContainText('Only one class folder (cats/)');
  // The shapes' table, samples and health report are not left under the error as if they were this folder's.
  await expect(page.getByTestId('class-row')).toHaveCount(0);
  await expect(page.getByTestId('sample-thumb')).toHaveCount(0);
  await expect(page.getByTestId('health-issue')).toHaveCount(0);
  await expect(page.getByText('No problems found')).toHaveCount(0);
  // What is still loaded (and what Train would use) is said plainly.
  await expect(page.getByTestId('kept-dataset-note')).toContainText(
    'Still loaded, and what training would use: Shapes',
  );
  await page.getByTestId('show-kept-dataset-button').click();
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('class-row')).toHaveCount(4);
  await expect(page.getByTestId('data-error')).toHaveCount(0);
});

test('the per-class cap says what it counts', async ({ page }) => {
  await openLab(page, 'data');
  await expect(page.getByText('Images per class, at most (all splits together)')).toBeVisible();
  await expect(page.getByTestId('max-per-class-help')).toContainText('6 + 2 + 2');
});

test('a phone photo turned by its EXIF orientation is loaded the way it is shown, also when decoded at reduced size', async ({
  page,
}) => {
  await openLab(page, 'data');
  const root = tempFolder('turned');
  // 480x240 to the MNIST model's 28x28: decoded at 1/8 size (60x30), then turned: red on top, blue below.
  const turned = await orientedJpeg(page, 480, 240, 6);
  const plain = await canvasImage(page, 'image/jpeg', 480, 240, 3);
  writeTree(root, {
    'a/turned.jpg': turned,
    'a/turned 2.jpg': turned,
    'a/turned 3.jpg': turned,
    'b/1.jpg': plain,
    'b/2.jpg': plain,
    'b/3.jpg': plain,
  });
  await page.getByTestId('folder-input').setInputFiles(root);
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  const thumb = page.getByTestId('sample-thumb').first();
  await expect(thumb).toBeVisible();
  const [top, bottom] = await thumb.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const at = (x: number, y: number) => Array.from(d.subarray((y * c.width + x) * 4, (y * c.width + x) * 4 + 3));
    return [at(2, 2), at(2, c.height - 3)];
  });
  // Not turned, the left column would be red from top to bottom.
  expect(top![0]).toBeGreaterThan(200);
  expect(top![2]).toBeLessThan(60);
  expect(bottom![2]).toBeGreaterThan(200);
  expect(bottom![0]).toBeLessThan(60);
});

test('a file deleted after it was picked is listed as unreadable when the dataset is made again; the others load', async ({
  page,
}) => {
  await openLab(page, 'data');
  const root = tempFolder('moving');
  // JPEGs the decode workers read together, several to a batch.
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < 4; i++) {
    files[`a/${i}.jpg`] = await canvasImage(page, 'image/jpeg', 64, 48, i);
    files[`b/${i}.jpg`] = await canvasImage(page, 'image/jpeg', 64, 48, 10 + i);
  }
  writeTree(root, files);
  await page.getByTestId('folder-input').setInputFiles(root);
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByTestId('skipped-item')).toHaveCount(0);
  const before = await classRows(page);
  expect(before.map((r) => r.train + r.val + r.test)).toEqual([4, 4]);

  rmSync(join(root, 'b', '2.jpg'));
  await page.getByTestId('nav-model').click();
  await page.getByTestId('input-height').fill('20');
  await page.getByTestId('nav-data').click();
  await expect(status(page)).toContainText('20×28×3');
  await expect(status(page)).toHaveAttribute('data-state', 'ready');
  expect(await skippedItems(page)).toEqual({ 'b/2.jpg': expect.stringContaining('could not be read') });
  expect((await classRows(page)).map((r) => r.train + r.val + r.test)).toEqual([4, 3]);
});
