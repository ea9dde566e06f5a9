// Keras' BatchNormalization with trainable=False runs in inference mode (moving statistics, never updated),
// whatever `training` says; tfjs' follows `training` only. So a frozen layer's call is told training: false.
import type * as tf from '@tensorflow/tfjs';

type Kwargs = Record<string, unknown>;

export function inferenceWhenFrozen<L extends tf.layers.Layer>(layer: L): L {
  const call = layer.call.bind(layer);
  layer.call = (inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs) =>
    call(inputs, { ...kwargs, training: layer.trainable && kwargs['training'] === true });
  return layer;
}
