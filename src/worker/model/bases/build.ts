// A pretrained base as a functional tf.LayersModel, layer by layer as keras.applications builds it (the pure
// list in src/model/bases/ is the one source: names, kinds, settings, wiring), named as Keras names it
// (`vgg16`, `mobilenetv2_0.35_96`). Weights start random (seeded); setBaseWeights puts ImageNet's in.
import * as tf from '@tensorflow/tfjs';
import { baseLayers, baseModelName, trainableFrom } from '../../../model/bases/spec';
import { baseRef } from '../../../model/bases/summary';
import { BN_EPSILON, BN_MOMENTUM, type BaseLayer, type BaseOp } from '../../../model/bases/types';
import type { KerasBaseLayer, PretrainedBaseLayer } from '../../../model/layers';
import { inferenceWhenFrozen } from './frozen';
import { buildTfjsBase } from './tfjs-build';
import { PreprocessInput, preprocessMode } from './preprocess';

/** Keras' BatchNormalization: a frozen one runs in inference mode (frozen.ts). */
const frozenAwareBatchNorm = (name: string): tf.layers.Layer =>
  inferenceWhenFrozen(tf.layers.batchNormalization({ name, epsilon: BN_EPSILON, momentum: BN_MOMENTUM }));

function tfLayer(name: string, op: BaseOp, seed: number): tf.layers.Layer {
  const kernelInitializer = tf.initializers.glorotUniform({ seed });
  switch (op.kind) {
    case 'Conv2D':
      return tf.layers.conv2d({
        name,
        filters: op.filters,
        kernelSize: op.kernel,
        strides: op.strides,
        padding: op.padding,
        useBias: op.useBias,
        activation: op.activation,
        kernelInitializer,
      });
    case 'DepthwiseConv2D':
      return tf.layers.depthwiseConv2d({
        name,
        kernelSize: op.kernel,
        strides: op.strides,
        padding: op.padding,
        depthMultiplier: 1,
        useBias: false,
        depthwiseInitializer: kernelInitializer,
      });
    case 'BatchNormalization':
      return frozenAwareBatchNorm(name);
    case 'ReLU':
      return tf.layers.reLU({ name, maxValue: op.maxValue });
    case 'ZeroPadding2D':
      return tf.layers.zeroPadding2d({ name, padding: op.padding });
    case 'MaxPooling2D':
      return tf.layers.maxPooling2d({ name, poolSize: op.pool, strides: op.strides, padding: 'valid' });
    case 'Add':
      return tf.layers.add({ name });
    case 'InputLayer':
      throw new Error('the input is made by tf.input');
  }
}

/** The spec's layers that are tf layers of the block (all but the input), for tests and Inspect. */
export const specLayersOf = (layer: KerasBaseLayer, height: number, width: number): BaseLayer[] =>
  baseLayers(baseRef(layer), height, width).slice(1);

/**
 * The base for an input of height x width (3 channels), trainable from `fineTuneFrom` on. Its first layer
 * after the input is preprocess_input (no weights), then Keras' layers with Keras' names.
 */
export function buildBase(layer: PretrainedBaseLayer, height: number, width: number, seed = 1): tf.LayersModel {
  if (layer.base === 'tfjs') return buildTfjsBase(layer);
  const ref = baseRef(layer);
  const spec = baseLayers(ref, height, width);
  const flags = trainableFrom(spec, layer.fineTuneFrom);
  const input = tf.input({ shape: [height, width, 3], name: spec[0]!.name });
  const outputs = new Map<string, tf.SymbolicTensor>();
  outputs.set(spec[0]!.name, new PreprocessInput({ mode: preprocessMode(ref.base) }).apply(input) as tf.SymbolicTensor);
  spec.slice(1).forEach((s, i) => {
    const tfl = tfLayer(s.name, s.op, seed + i);
    const inputs = s.inputs.map((n) => outputs.get(n)!);
    outputs.set(s.name, tfl.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.SymbolicTensor);
    tfl.trainable = flags[i + 1]!;
  });
  const last = spec[spec.length - 1]!.name;
  return tf.model({ inputs: input, outputs: outputs.get(last)!, name: baseModelName(ref, height, width) });
}
