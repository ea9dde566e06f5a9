import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pixelsInMemory } from '../data/spill-file';
import type { ImageDataset } from '../data/types';
import { makeBatch, shuffledOrder } from './batches';
import { memorySpillStore, restorePixels, spillPixels, type SpillStore } from './spill';
import { syntheticDataset } from './test-data';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const copyOf = (d: ImageDataset): ImageDataset => ({
  ...d,
  train: { ...d.train, images: d.train.images.slice() },
  val: { ...d.val, images: d.val.images.slice() },
  test: { ...d.test, images: d.test.images.slice() },
});

describe("the training worker keeps a run's pixels on disk", () => {
  it('batches read from the file are the batches read from memory, and the bytes come back whole', async () => {
    const memory = syntheticDataset();
    const d = copyOf(memory);
    const store = memorySpillStore();
    const spilled = await spillPixels(d, store);
    expect(pixelsInMemory(d)).toBe(false);
    expect(store.bytes()!.length).toBe(spilled.layout.bytes);
    const order = shuffledOrder(d.train.count, 7);
    const before = tf.memory().numTensors;
    for (const [split, start] of [
      ['train', 0],
      ['train', 8],
      ['val', 0],
      ['test', 3],
    ] as const) {
      const fromDisk = makeBatch(d[split], d, split === 'train' ? order : null, start, 8, 1 / 255);
      const fromMemory = makeBatch(memory[split], memory, split === 'train' ? order : null, start, 8, 1 / 255);
      expect(fromDisk.x.shape).toEqual(fromMemory.x.shape);
      expect(Array.from(fromDisk.x.dataSync())).toEqual(Array.from(fromMemory.x.dataSync()));
      expect(Array.from(fromDisk.y.dataSync())).toEqual(Array.from(fromMemory.y.dataSync()));
      tf.dispose([fromDisk.x, fromDisk.y, fromMemory.x, fromMemory.y]);
    }
    expect(tf.memory().numTensors).toBe(before);
    const block = await restorePixels(d, spilled, store);
    expect(store.bytes()).toBeNull(); // the file is removed
    expect(pixelsInMemory(d)).toBe(true);
    expect(d.train.disk).toBeUndefined();
    for (const s of ['train', 'val', 'test'] as const) {
      expect(d[s].images.buffer).toBe(block);
      expect(Array.from(d[s].images)).toEqual(Array.from(memory[s].images));
    }
  });

  it('a write that fails (a full disk) leaves the pixels in memory and no file behind', async () => {
    const d = copyOf(syntheticDataset());
    const inner = memorySpillStore();
    const full: SpillStore = {
      remove: () => inner.remove(),
      open: async () => ({
        ...(await inner.open()),
        write: () => {
          throw new DOMException('The disk is full.', 'QuotaExceededError');
        },
      }),
    };
    await expect(spillPixels(d, full)).rejects.toThrow('The disk is full.');
    expect(pixelsInMemory(d)).toBe(true);
    expect(d.train.disk).toBeUndefined();
    expect(inner.bytes()).toBeNull();
  });

  it('a file that comes back short says so', async () => {
    const d = copyOf(syntheticDataset());
    const store = memorySpillStore();
    const spilled = await spillPixels(d, store);
    spilled.file.truncate(10);
    expect(() => makeBatch(d.train, d, null, 0, 4, 1)).toThrow(/could not be read/);
    await expect(restorePixels(d, spilled, store)).rejects.toThrow(/could not be read back/);
  });
});
