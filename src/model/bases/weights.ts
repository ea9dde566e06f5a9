// The contract between the base builder (src/worker/model/bases/) and the Keras .h5 readers (src/worker/h5/):
// a base's weights as plain arrays, layer by layer in Keras' order, and the shapes each base expects.
// Keras' legacy load_weights matches by position: the file's layers that hold weights, in `layer_names` order,
// against the model's layers that hold weights, and within a layer the arrays in `weight_names` order. So the
// names in a file (`block1_conv1_W_1:0`, `Conv1/Conv1/kernel:0`) are kept for messages only; order decides.
import { baseLayers, BASE_DEFAULT_SIZE } from './spec';
import type { BaseRef, ExpectedWeight, MobileNetV2Alpha } from './types';

export type { BaseRef, ExpectedWeight, WeightRole } from './types';

/** One array read from a file: its name there, shape and values (float32, row-major as HDF5 stores it). */
export interface WeightArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** One layer's arrays: the Keras layer name (`block1_conv1`) and its weights in storage order. */
export interface BaseLayerWeights {
  layer: string;
  weights: WeightArray[];
}

/** What a base needs: each layer that holds weights, in Keras' order, with its arrays' roles and shapes. */
export interface ExpectedLayerWeights {
  layer: string;
  /** Keras' class of the layer: Conv2D (kernel, bias | kernel), DepthwiseConv2D, BatchNormalization. */
  className: string;
  weights: ExpectedWeight[];
}

/**
 * The layers with weights and their shapes. Weight shapes do not depend on the input size (no Dense layer
 * without the top), so one list serves every size.
 */
export function expectedBaseWeights(ref: BaseRef): ExpectedLayerWeights[] {
  return baseLayers(ref, BASE_DEFAULT_SIZE, BASE_DEFAULT_SIZE)
    .filter((l) => l.weights.length > 0)
    .map((l) => ({ layer: l.name, className: l.op.kind, weights: l.weights }));
}

/** The number of float32 values a base's file must hold. */
export const expectedValueCount = (ref: BaseRef): number =>
  expectedBaseWeights(ref).reduce(
    (n, l) => n + l.weights.reduce((m, w) => m + w.shape.reduce((a, b) => a * b, 1), 0),
    0,
  );

const STORAGE = 'https://storage.googleapis.com/tensorflow/keras-applications/';

/** The no-top file Keras downloads for this base (Python's float(alpha) writes 0.5 and 1.0 as such). */
export function weightsFileName(ref: BaseRef, rows: number): string {
  if (ref.base === 'vgg16') return 'vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5';
  return `mobilenet_v2_weights_tf_dim_ordering_tf_kernels_${pyFloat(ref.alpha)}_${rows}_no_top.h5`;
}

/** Where Keras fetches it from (WEIGHTS_PATH_NO_TOP, BASE_WEIGHT_PATH). */
export const weightsUrl = (ref: BaseRef, rows: number): string =>
  `${STORAGE}${ref.base === 'vgg16' ? 'vgg16' : 'mobilenet_v2'}/${weightsFileName(ref, rows)}`;

/** The MD5 Keras checks (file_hash in vgg16.py); Keras gives none for MobileNetV2's files. */
export const weightsMd5 = (ref: BaseRef): string | null =>
  ref.base === 'vgg16' ? '6d6bbae143d832006294945121d1f1fc' : null;

const pyFloat = (a: MobileNetV2Alpha): string => (Number.isInteger(a) ? a.toFixed(1) : String(a));

/**
 * The worker side (src/worker/model/bases/set-weights.ts) exports
 * `setBaseWeights(base: tf.LayersModel, weights: BaseLayerWeights[]): void`: it checks every layer and shape
 * against expectedBaseWeights first (throwing a message naming the first that does not fit, nothing changed),
 * then assigns them. `checkBaseWeights` below is that check, pure, for readers that want it before building.
 */
export function checkBaseWeights(ref: BaseRef, got: readonly BaseLayerWeights[]): string | null {
  const want = expectedBaseWeights(ref);
  if (got.length !== want.length) {
    return `the file has ${got.length} layers with weights; ${describe(ref)} has ${want.length}`;
  }
  for (const [i, w] of want.entries()) {
    const g = got[i]!;
    if (g.weights.length !== w.weights.length) {
      return `layer ${i + 1} (${w.layer}; the file's ${g.layer}) has ${g.weights.length} arrays, ${w.weights.length} expected`;
    }
    for (const [j, e] of w.weights.entries()) {
      const a = g.weights[j]!;
      if (a.shape.join(',') !== e.shape.join(',')) {
        return `${w.layer} ${e.role} (the file's ${a.name}) has shape (${a.shape.join(', ')}), (${e.shape.join(', ')}) expected`;
      }
      if (a.values.length !== e.shape.reduce((x, y) => x * y, 1)) {
        return `${w.layer} ${e.role} (the file's ${a.name}) holds ${a.values.length} values, its shape needs ${e.shape.reduce((x, y) => x * y, 1)}`;
      }
    }
  }
  return null;
}

const describe = (ref: BaseRef): string => (ref.base === 'vgg16' ? 'VGG16' : `MobileNetV2 (alpha ${ref.alpha})`);
