// The tfjs model for a plain-data Architecture. Worker side only (loads tfjs).
// Layer i of the model is layer i of the architecture, with its Keras name,
// so later views can ask for "layer i" in either world.
import * as tf from '@tensorflow/tfjs';
import type { Architecture, LayerConfig } from '../../model/layers';
import { stackNames } from '../../model/names';
import { augmentationLayer } from './augment';
import { buildBase } from './bases/build';

export { pixelScale } from '../../model/training';

interface BaseArgs {
  name: string;
  inputShape?: number[];
}

/** Keras' default kernel initializer, seeded: the run's seed fixes the starting weights too, so runs compare fairly. */
const seededGlorot = (seed: number) => tf.initializers.glorotUniform({ seed });

function tfLayer(layer: LayerConfig, base: BaseArgs, seed: number, input: Architecture['input']): tf.layers.Layer {
  switch (layer.type) {
    case 'Base':
      // Only augmentation and Rescaling come before it (inferSummary), so it sees the input's height and width.
      return buildBase(layer, input.height, input.width, seed);
    case 'Rescaling':
      return tf.layers.rescaling({ ...base, scale: layer.scale, offset: layer.offset });
    case 'RandomFlip':
    case 'RandomRotation':
    case 'RandomZoom':
    case 'RandomTranslation':
    case 'RandomContrast':
    case 'RandomBrightness':
      // Keras' preprocessing layers (augment.ts), active only with { training: true }.
      return augmentationLayer(layer, base, seed)!;
    case 'Conv2D':
      return tf.layers.conv2d({
        ...base,
        filters: layer.filters,
        kernelSize: layer.kernelSize,
        strides: layer.strides,
        padding: layer.padding,
        activation: layer.activation,
        kernelInitializer: seededGlorot(seed),
      });
    case 'MaxPooling2D':
      return tf.layers.maxPooling2d({
        ...base,
        poolSize: layer.poolSize,
        strides: layer.strides ?? layer.poolSize,
        padding: layer.padding,
      });
    case 'AveragePooling2D':
      return tf.layers.averagePooling2d({
        ...base,
        poolSize: layer.poolSize,
        strides: layer.strides ?? layer.poolSize,
        padding: layer.padding,
      });
    case 'GlobalAveragePooling2D':
      return tf.layers.globalAveragePooling2d(base);
    case 'BatchNormalization':
      // Keras' defaults (tfjs uses momentum 0.99 and epsilon 1e-3 too).
      return tf.layers.batchNormalization({ ...base, momentum: 0.99, epsilon: 1e-3 });
    case 'Dropout':
      // Inverted dropout as Keras: with { training: true } (the trainer's
      // model.apply) it zeroes a fraction `rate` and scales the rest by
      // 1 / (1 - rate); predict and evaluate leave it out (build.test.ts).
      // No seed: tfjs would then draw the same mask at every step.
      return tf.layers.dropout({ ...base, rate: layer.rate });
    case 'Flatten':
      return tf.layers.flatten(base);
    case 'Dense':
      return tf.layers.dense({
        ...base,
        units: layer.units,
        activation: layer.activation,
        kernelInitializer: seededGlorot(seed),
      });
  }
}

/**
 * Builds (but does not compile: the trainer owns the optimizer and the loss)
 * the model. Call only for an architecture inferSummary() says is valid.
 */
export function buildModel(arch: Architecture, seed = 1): tf.Sequential {
  const names = stackNames(arch);
  const model = tf.sequential();
  const inputShape = [arch.input.height, arch.input.width, arch.input.channels];
  // The first layer carries the input shape, so model.layers[i] is arch.layers[i] (no InputLayer in the list).
  arch.layers.forEach((layer, i) => {
    const base = { name: names[i] ?? layer.type.toLowerCase(), ...(i === 0 ? { inputShape } : {}) };
    const incoming = i === 0 ? null : (model.outputs[0]!.shape as (number | null)[]);
    // Keras' Flatten passes an already flat input through; tfjs' refuses it (min_ndim 3), so a same-size Reshape stands in.
    if (layer.type === 'Flatten' && incoming && incoming.length === 2)
      model.add(tf.layers.reshape({ ...base, targetShape: [incoming[1]!] }));
    else model.add(tfLayer(layer, base, seed + i, arch.input));
  });
  return model;
}

/** The model's trainable variables, for the optimizer (never all of the engine's). */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}
