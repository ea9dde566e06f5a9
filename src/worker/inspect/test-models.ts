// Small models and images for the inspect tests (tfjs CPU backend).
import type * as tf from '@tensorflow/tfjs';
import { buildModel } from '../model/build';
import { withId, type Architecture, type LayerConfig } from '../../model/layers';
import { mulberry32 } from '../../data/random';

export function tinyArch(
  layers: LayerConfig[],
  input = { height: 8, width: 8, channels: 1 },
  numClasses = 3,
): Architecture {
  return { input, numClasses, layers: layers.map((l) => withId(l)) };
}

export const conv = (filters: number, o: Partial<Extract<LayerConfig, { type: 'Conv2D' }>> = {}): LayerConfig => ({
  type: 'Conv2D',
  filters,
  kernelSize: [3, 3],
  strides: [1, 1],
  padding: 'valid',
  activation: 'relu',
  ...o,
});

export function tinyModel(
  layers: LayerConfig[],
  input?: Architecture['input'],
  numClasses?: number,
  seed = 3,
): tf.Sequential {
  return buildModel(tinyArch(layers, input, numClasses), seed);
}

/** Seeded random bytes, one image. */
export function randomImage(height: number, width: number, channels: number, seed = 9): Uint8Array {
  const rand = mulberry32(seed);
  return Uint8Array.from({ length: height * width * channels }, () => Math.floor(rand() * 256));
}
