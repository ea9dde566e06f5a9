// Batches are built per step from the Uint8 store: only one batch of floats
// exists at a time, never the whole dataset as one float tensor.
import * as tf from '@tensorflow/tfjs';
import type { SplitData } from '../data/types';
import type { ImageShape } from '../model/shape';
import { mulberry32, shuffleInPlace } from '../data/random';
import { pieceRanges } from '../model/step-memory';

/** A reproducible permutation of 0..n-1 (Fisher-Yates with a seeded generator). */
export function shuffledOrder(n: number, seed: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(order, mulberry32(seed));
}

/**
 * A split of precomputed features (fast feature extraction, fast-features.ts): float32 values in place of
 * the 0-255 bytes, batched the same way (geometry: the features' [height, width, channels], scale 1).
 */
export interface FeatureSplit {
  images: Float32Array;
  labels: Uint16Array;
  count: number;
  /** While the run keeps the features on disk (feature-keep.ts): reads image `index` into `into`; `images` is then empty. */
  disk?: { read(index: number, into: Float32Array): void };
}

/** What a trainer batches from: a dataset's pixels or a base's features. */
export type TrainSplit = SplitData | FeatureSplit;

export const batchCount = (count: number, batchSize: number): number => Math.ceil(count / batchSize);

/**
 * Images `order[start .. start+size)` of a split as a float NHWC tensor (pixels
 * times `scale`) and their labels as int32. Call inside tf.tidy.
 */
export function makeBatch(
  split: TrainSplit,
  geometry: ImageShape,
  order: ArrayLike<number> | null,
  start: number,
  size: number,
  scale: number,
): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const end = Math.min(split.count, start + size);
  const n = end - start;
  const per = geometry.height * geometry.width * geometry.channels;
  const pixels = new Float32Array(n * per);
  const labels = new Int32Array(n);
  // While a run keeps the pixels (spill.ts) or a base's features (feature-keep.ts) on disk, each image is read
  // into one scratch buffer first.
  const scratch = split.disk ? new (split.images instanceof Float32Array ? Float32Array : Uint8Array)(per) : null;
  for (let b = 0; b < n; b++) {
    const index = order ? order[start + b]! : start + b;
    let source: Uint8Array | Float32Array = split.images;
    let offset = index * per;
    if (scratch) {
      (split.disk as { read(index: number, into: Uint8Array | Float32Array): void }).read(index, scratch);
      source = scratch;
      offset = 0;
    }
    const target = b * per;
    for (let p = 0; p < per; p++) pixels[target + p] = source[offset + p]! * scale;
    labels[b] = split.labels[index]!;
  }
  return {
    x: tf.tensor4d(pixels, [n, geometry.height, geometry.width, geometry.channels]),
    y: tf.tensor1d(labels, 'int32'),
  };
}

/**
 * The batch at `start`, built as pieces of at most `pieceSize` images (pieceRanges: sizes as even as
 * they can be), each straight from the Uint8 store; one piece when `pieceSize` is absent or not smaller.
 */
export function makeBatchPieces(
  split: TrainSplit,
  geometry: ImageShape,
  order: ArrayLike<number> | null,
  start: number,
  size: number,
  scale: number,
  pieceSize?: number | null,
): { x: tf.Tensor4D; y: tf.Tensor1D }[] {
  const n = Math.max(0, Math.min(split.count, start + size) - start);
  if (!pieceSize || pieceSize >= n) return [makeBatch(split, geometry, order, start, size, scale)];
  return pieceRanges(n, pieceSize).map(([from, count]) =>
    makeBatch(split, geometry, order, start + from, count, scale),
  );
}
