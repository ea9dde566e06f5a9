// The loaded dataset out as a zip of train/, validation/ and test/ class
// folders: unzipped in Node, every split and class holds exactly the images
// the class rows count; a folder's files come back byte for byte, a
// built-in's images as PNGs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { test, expect, openLab } from './fixtures';
import { classRows, datasetStatus, writeImageFolder } from './helpers';

const SPLIT_DIR = { train: 'train', val: 'validation', test: 'test' } as const;

/** Downloads the zip and returns its files (directory entries left out) by path. */
async function downloadZip(page: Page): Promise<{ name: string; files: Record<string, Uint8Array> }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('dataset-download-button').click(),
  ]);
  const path = await download.path();
  const all = unzipSync(new Uint8Array(readFileSync(path)));
  const files = Object.fromEntries(Object.entries(all).filter(([name]) => !name.endsWith('/')));
  return { name: download.suggestedFilename(), files };
}

/** Files per `<split>/<class>` under the zip's top folder. */
function countsOf(files: Record<string, Uint8Array>, root: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of Object.keys(files)) {
    const [top, split, cls] = name.split('/');
    expect(top).toBe(root);
    counts.set(`${split}/${cls}`, (counts.get(`${split}/${cls}`) ?? 0) + 1);
  }
  return counts;
}

async function expectCountsMatchRows(page: Page, counts: Map<string, number>) {
  const rows = await classRows(page);
  let total = 0;
  for (const row of rows)
    for (const split of ['train', 'val', 'test'] as const) {
      expect(counts.get(`${SPLIT_DIR[split]}/${row.name}`) ?? 0, `${split}/${row.name}`).toBe(row[split]);
      total += row[split];
    }
  expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(total);
}

test('a folder dataset downloads as train/validation/test class folders of its original files', async ({ page }) => {
  await openLab(page, 'data');
  const root = writeImageFolder('pets', ['cat', 'dog'], 10);
  await page.getByTestId('folder-input').setInputFiles(root);
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await expect(page.getByText('image_dataset_from_directory')).toBeVisible();

  const { name, files } = await downloadZip(page);
  expect(name).toBe('pets.zip');
  await expectCountsMatchRows(page, countsOf(files, 'pets'));
  // Each file is the original, byte for byte, under its class.
  for (const [path, bytes] of Object.entries(files)) {
    const [, , cls, file] = path.split('/');
    expect(Buffer.from(bytes).equals(readFileSync(join(root, cls!, file!))), path).toBe(true);
  }
});

test('built-in Shapes downloads as PNGs in its own split, counts per class as the class rows', async ({ page }) => {
  await openLab(page, 'data');
  await page.getByTestId('builtin-select').selectOption('shapes');
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');

  const { name, files } = await downloadZip(page);
  expect(name).toBe('shapes.zip');
  await expectCountsMatchRows(page, countsOf(files, 'shapes'));
  const png = [0x89, 0x50, 0x4e, 0x47];
  for (const [path, bytes] of Object.entries(files)) {
    expect(path.endsWith('.png'), path).toBe(true);
    expect([...bytes.subarray(0, 4)], path).toEqual(png);
  }
});
