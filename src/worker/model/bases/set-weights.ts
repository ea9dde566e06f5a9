// ImageNet weights into a built base, in Keras' legacy load_weights order: the layers holding weights, in
// order, each with its arrays in storage order (src/model/bases/weights.ts). Every shape is checked before
// anything is assigned, so a file that does not fit changes nothing.
import * as tf from '@tensorflow/tfjs';
import type { BaseLayerWeights } from '../../../model/bases/weights';

/** The block's layers that hold weights, in order (preprocess_input and the input hold none). */
const weighted = (base: tf.LayersModel): tf.layers.Layer[] => base.layers.filter((l) => l.weights.length > 0);

export class BaseWeightsError extends Error {
  override name = 'BaseWeightsError';
}

/** Throws BaseWeightsError naming the first layer or array that does not fit; assigns nothing then. */
export function setBaseWeights(base: tf.LayersModel, weights: readonly BaseLayerWeights[]): void {
  const layers = weighted(base);
  if (layers.length !== weights.length)
    throw new BaseWeightsError(
      `${base.name} has ${layers.length} layers with weights; the file gives ${weights.length}.`,
    );
  layers.forEach((layer, i) => {
    const given = weights[i]!;
    const own = layer.weights;
    if (own.length !== given.weights.length)
      throw new BaseWeightsError(
        `${layer.name} has ${own.length} weight arrays; the file's layer ${given.layer} has ${given.weights.length}.`,
      );
    own.forEach((w, j) => {
      const a = given.weights[j]!;
      const size = w.shape.reduce((p: number, d) => p * (d ?? 0), 1);
      if (a.shape.join(',') !== w.shape.join(',') || a.values.length !== size)
        throw new BaseWeightsError(
          `${layer.name}: ${a.name} has shape (${a.shape.join(', ')}) and ${a.values.length} values; (${w.shape.join(', ')}) expected.`,
        );
    });
  });
  layers.forEach((layer, i) => {
    const arrays = weights[i]!.weights;
    // setWeights copies into the layer's variables; the temporary tensors go with the tidy.
    tf.tidy(() => layer.setWeights(arrays.map((a) => tf.tensor(a.values, a.shape))));
  });
}

/** The base's weights as plain arrays, in the same order (for tests and for keeping them). */
export function getBaseWeights(base: tf.LayersModel): BaseLayerWeights[] {
  return weighted(base).map((layer) => ({
    layer: layer.name,
    weights: layer.weights.map((w) => ({
      name: w.originalName,
      shape: w.shape as number[],
      // A copy: dataSync may hand back the backend's own buffer.
      values: Float32Array.from(w.read().dataSync() as Float32Array),
    })),
  }));
}

/** The base block inside a model built by buildModel (a nested LayersModel), or null without one. */
export function baseOf(model: tf.LayersModel): tf.LayersModel | null {
  const found = model.layers.find((l) => l instanceof tf.LayersModel);
  return (found as tf.LayersModel | undefined) ?? null;
}
