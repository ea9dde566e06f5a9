// Tiny synthetic image tasks for unit tests: each class lights up its own
// region of the image, plus noise, so a small convnet can learn it in a few epochs.
import * as tf from '@tensorflow/tfjs';
import type { ImageDataset, SplitData } from '../data/types';
import { mulberry32 } from '../data/random';
import type { TrainerData } from './trainer';
import { withId, type Architecture, type LayerConfig } from '../model/layers';

export function syntheticSplit(count: number, size: number, numClasses: number, seed: number): SplitData {
  const rand = mulberry32(seed);
  const images = new Uint8Array(count * size * size);
  const labels = new Uint16Array(count);
  const band = Math.floor(size / numClasses);
  for (let i = 0; i < count; i++) {
    const label = i % numClasses;
    labels[i] = label;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const lit = y >= label * band && y < (label + 1) * band;
        images[i * size * size + y * size + x] = Math.min(255, Math.floor((lit ? 150 : 0) + rand() * 100));
      }
  }
  return { images, labels, count };
}

export function syntheticData(opts: { train: number; val: number; size?: number; numClasses?: number }): TrainerData {
  const size = opts.size ?? 8;
  const numClasses = opts.numClasses ?? 3;
  return {
    train: syntheticSplit(opts.train, size, numClasses, 1),
    val: syntheticSplit(opts.val, size, numClasses, 2),
    geometry: { height: size, width: size, channels: 1 },
    numClasses,
  };
}

/** The worker tests' dataset: 8x8 grayscale, three classes, 24 / 9 / 9 images, id 'synthetic'. */
export function syntheticDataset(): ImageDataset {
  return {
    id: 'synthetic',
    name: 'Synthetic',
    source: 'builtin',
    classNames: ['a', 'b', 'c'],
    height: 8,
    width: 8,
    channels: 1,
    train: syntheticSplit(24, 8, 3, 1),
    val: syntheticSplit(9, 8, 3, 2),
    test: syntheticSplit(9, 8, 3, 3),
  };
}

type ReadMethod = 'data' | 'array' | 'dataSync' | 'arraySync';

/**
 * Counts every read of a tensor's values back to JS (the four Tensor methods) while `run`
 * runs, then puts the methods back, even when it throws. `run` gets the live counts.
 */
export async function countTensorReads<T>(
  run: (counts: Record<ReadMethod, number>) => Promise<T>,
): Promise<{ value: T; counts: Record<ReadMethod, number> }> {
  const proto = tf.Tensor.prototype as unknown as Record<ReadMethod, (...a: unknown[]) => unknown>;
  const counts: Record<ReadMethod, number> = { data: 0, array: 0, dataSync: 0, arraySync: 0 };
  const methods = Object.keys(counts) as ReadMethod[];
  const originals = Object.fromEntries(methods.map((k) => [k, proto[k]])) as typeof proto;
  for (const k of methods)
    proto[k] = function (this: unknown, ...a: unknown[]) {
      counts[k] += 1;
      return originals[k].apply(this, a);
    };
  try {
    return { value: await run(counts), counts };
  } finally {
    Object.assign(proto, originals);
  }
}

/** A small convnet for 8x8 grey images of 3 classes (Conv2D 4 3x3, Flatten, Dense 3), as the service and trial tests train it. */
export const tinyConvArch = (): Architecture => ({
  input: { height: 8, width: 8, channels: 1 },
  numClasses: 3,
  layers: (
    [
      { type: 'Conv2D', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
      { type: 'Flatten' },
      { type: 'Dense', units: 3, activation: 'softmax' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
});

/**
 * MobileNetV2 0.35 at `size`x`size` colour, frozen (`fineTuneFrom` null) or trained from that layer, after `before`
 * (augmentation), with the transfer-learning tutorial's head: pooling, Dropout and `units` Dense units.
 */
export const mobileNetArch = (
  size: number,
  fineTuneFrom: string | null,
  { before = [], units = 1 }: { before?: LayerConfig[]; units?: number } = {},
): Architecture => ({
  input: { height: size, width: size, channels: 3 },
  numClasses: units === 1 ? 2 : units,
  layers: (
    [
      ...before,
      { type: 'Base', base: 'mobilenet_v2', alpha: 0.35, fineTuneFrom },
      { type: 'GlobalAveragePooling2D' },
      { type: 'Dropout', rate: 0.2 },
      { type: 'Dense', units, activation: units === 1 ? 'sigmoid' : 'softmax' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
});
