// Shared e2e steps, driven through the UI as a student would: load a small
// MNIST, read the epoch and class rows, write a fake image folder to disk.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openLab } from './fixtures';
import { png, writeTree, type PngMode } from './data-images';
import { baseFixtureFile } from '../src/worker/h5/base-fixture';

export const datasetStatus = (page: Page) => page.getByTestId('dataset-status');

/** Built-in MNIST with `perClass` images per digit (the default split, or `split` in percent), the MNIST convnet chosen; ends on `then`. */
export async function loadSmallMnist(
  page: Page,
  perClass = 10,
  then: 'data' | 'model' | 'train' = 'train',
  split?: [number, number, number],
): Promise<void> {
  await openLab(page, 'data');
  if (split)
    for (const [i, k] of (['train', 'val', 'test'] as const).entries())
      await page.getByTestId(`split-${k}-input`).fill(String(split[i]));
  await page.getByTestId('max-per-class-input').fill(String(perClass));
  await page.getByTestId('builtin-select').selectOption('mnist');
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
  await expect(datasetStatus(page)).toHaveAttribute('data-images', String(perClass * 10));
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('mnist-convnet');
  if (then !== 'model') await page.getByTestId(`nav-${then}`).click();
}

export interface EpochRow {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
}

export async function epochRows(page: Page): Promise<EpochRow[]> {
  return page.getByTestId('epoch-row').evaluateAll((rows) =>
    rows.map((r) => ({
      epoch: Number(r.getAttribute('data-epoch')),
      loss: Number(r.getAttribute('data-loss')),
      accuracy: Number(r.getAttribute('data-accuracy')),
      valLoss: Number(r.getAttribute('data-val-loss')),
      valAccuracy: Number(r.getAttribute('data-val-accuracy')),
    })),
  );
}

export interface ClassRow {
  name: string;
  train: number;
  val: number;
  test: number;
}

export async function classRows(page: Page): Promise<ClassRow[]> {
  return page.getByTestId('class-row').evaluateAll((rows) =>
    rows.map((r) => ({
      name: r.getAttribute('data-class') ?? '',
      train: Number(r.getAttribute('data-count-train')),
      val: Number(r.getAttribute('data-count-val')),
      test: Number(r.getAttribute('data-count-test')),
    })),
  );
}

/** A fresh temporary directory named `name` (the folder name the lab shows). */
export const tempFolder = (name: string): string => join(mkdtempSync(join(tmpdir(), 'convnet-lab-e2e-')), name);

/**
 * Writes a folder of one sub-folder per class, `perClass` small PNGs in each
 * (every image different), and returns its path for `folder-input`.
 */
export function writeImageFolder(
  name: string,
  classes: string[],
  perClass: number,
  opts: { mode?: PngMode; width?: number; height?: number } = {},
): string {
  const root = tempFolder(name);
  const files: Record<string, Buffer> = {};
  let seed = 0;
  for (const cls of classes)
    for (let i = 0; i < perClass; i++)
      files[`${cls}/${cls}.${i}.png`] = png(opts.width ?? 24, opts.height ?? 20, opts.mode ?? 'rgb', seed++);
  writeTree(root, files);
  return root;
}

export interface SavedRun {
  id: string;
  name?: string;
  end: string | null;
  /** The run it started from (fine-tuning): all its weights, or only its classifier ('head'). */
  fineTune?: { fromRunId: string; frozen: string[]; layers?: 'head' };
  createdAt: number;
  bestEpoch: number | null;
  settings: { seed: number; epochs: number };
  ab?: { label: string } | null;
  test?: { accuracy: number } | null;
  epochs: EpochRow[];
}

/** The runs the lab keeps, read from its own IndexedDB store (every epoch's numbers, the test score). */
export async function savedRuns(page: Page): Promise<SavedRun[]> {
  return page.evaluate(
    () =>
      new Promise<SavedRun[]>((resolve, reject) => {
        const open = indexedDB.open('convnet-lab-runs');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('runs').objectStore('runs').getAll();
          req.onsuccess = () => resolve(req.result as SavedRun[]);
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

/** The names in the lab's Origin Private File System (where a run keeps its pixels or a base's features on disk). */
export const opfsNames = (page: Page) =>
  page.evaluate(async () => {
    const names: string[] = [];
    for await (const name of (await navigator.storage.getDirectory()).keys()) names.push(name);
    return names;
  });

/** The fixture MobileNetV2 0.35 96x96 weight file (random weights in the downloaded file's layout) dropped in Model. */
export async function dropMobileNetFixture(page: Page): Promise<void> {
  await page.getByTestId('nav-model').click();
  await page.getByTestId('base-weights-input').setInputFiles({
    name: 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5',
    mimeType: 'application/x-hdf5',
    buffer: Buffer.from(await baseFixtureFile({ base: 'mobilenet_v2', alpha: 0.35 })),
  });
  await expect(page.getByTestId('base-status')).toHaveAttribute('data-state', 'ready');
}

/** mobilenet-v2-feature-extraction at alpha 0.35 and 96x96 on a folder of 6 colour images a class (cat, dog). */
export async function mobileNetOnColourFolder(page: Page, folder: string): Promise<void> {
  await page.getByTestId('nav-model').click();
  await page.getByTestId('preset-select').selectOption('mobilenet-v2-feature-extraction');
  await page.getByTestId('param-alpha').selectOption('0.35');
  // Typed by hand, the input is kept by the folder loaded next (its images are made at 96x96).
  await page.getByTestId('input-height').fill('96');
  await page.getByTestId('input-width').fill('96');
  await page.getByTestId('nav-data').click();
  await page
    .getByTestId('folder-input')
    .setInputFiles(writeImageFolder(folder, ['cat', 'dog'], 6, { mode: 'rgb', width: 120, height: 100 }));
  await expect(datasetStatus(page)).toHaveAttribute('data-state', 'ready');
}
