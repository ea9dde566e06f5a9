import { describe, expect, it } from 'vitest';
import {
  attachPixels,
  dropPixels,
  layoutOf,
  PIXELS_ON_DISK_FROM,
  pixelByteCount,
  pixelsInMemory,
  wantsDisk,
} from './spill-file';
import type { ImageDataset } from './types';

const split = (count: number, size: number, fill: number) => ({
  images: new Uint8Array(count * size).fill(fill),
  labels: new Uint16Array(count),
  count,
});
const dataset = (counts: [number, number, number], side = 2): ImageDataset => ({
  id: 'd',
  name: 'd',
  source: 'folder',
  classNames: ['a', 'b'],
  height: side,
  width: side,
  channels: 3,
  train: split(counts[0], side * side * 3, 1),
  val: split(counts[1], side * side * 3, 2),
  test: split(counts[2], side * side * 3, 3),
});

describe('pixels on disk while training: the page-side facts', () => {
  it('lays the splits out one after another: train, val, test', () => {
    expect(layoutOf(dataset([3, 2, 1]))).toEqual({ offsets: { train: 0, val: 36, test: 60 }, bytes: 72 });
    expect(layoutOf(dataset([0, 2, 0]))).toEqual({ offsets: { train: 0, val: 0, test: 24 }, bytes: 24 });
  });

  it('auto goes to disk from PIXELS_ON_DISK_FROM bytes; disk and memory are what they say', () => {
    // 180x180 colour: 97,200 bytes an image.
    const perImage = 180 * 180 * 3;
    const below = Math.floor((PIXELS_ON_DISK_FROM - 1) / perImage);
    const small = {
      ...dataset([0, 0, 0], 180),
      train: { images: new Uint8Array(0), labels: new Uint16Array(below), count: below },
    };
    const large = { ...small, train: { ...small.train, count: below + 1 } };
    expect(pixelByteCount(small)).toBeLessThan(PIXELS_ON_DISK_FROM);
    expect(pixelByteCount(large)).toBeGreaterThanOrEqual(PIXELS_ON_DISK_FROM);
    expect([wantsDisk(small, 'auto'), wantsDisk(large, 'auto')]).toEqual([false, true]);
    expect([wantsDisk(small, 'disk'), wantsDisk(large, 'memory')]).toEqual([true, false]);
    expect(wantsDisk(dataset([0, 0, 0]), 'disk')).toBe(false); // nothing to move
  });

  it('drops the views, and attaches views of a new block in the same layout with the same bytes', () => {
    const d = dataset([3, 2, 1]);
    const block = new Uint8Array(72);
    for (const s of ['train', 'val', 'test'] as const) block.set(d[s].images, layoutOf(d).offsets[s]);
    const identity = d.train;
    dropPixels(d);
    expect(pixelsInMemory(d)).toBe(false);
    expect(d.train.images.length + d.val.images.length + d.test.images.length).toBe(0);
    expect(pixelByteCount(d)).toBe(72); // the dataset's size does not depend on where its pixels are
    attachPixels(d, block.buffer, layoutOf(d));
    expect(pixelsInMemory(d)).toBe(true);
    expect(d.train).toBe(identity); // changed in place: the bridge sends a dataset once per object
    expect([...new Set(d.val.images)]).toEqual([2]);
    expect([...new Set(d.test.images)]).toEqual([3]);
    expect(d.test.images.buffer).toBe(block.buffer);
  });
});
