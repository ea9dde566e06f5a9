// A pretrained base in a `.keras` file (pure): keras.applications' own nested Functional model (every layer with
// Keras' name, class, config and inbound_nodes, as Keras 3.15 serializes MobileNetV2 / VGG16), and before it the
// base's preprocess_input as Keras' own layers, so load_model needs no custom objects: MobileNetV2's 'tf' mode is
// Rescaling(1/127.5, offset=-1); VGG16's 'caffe' mode (RGB -> BGR, ImageNet's mean subtracted) is a 1x1 Conv2D
// whose kernel swaps the channels and whose bias is minus the mean (exact: each output is one input times 1).
import { baseModelName, baseLayers, trainableFrom } from './bases/spec';
import { baseRef } from './bases/summary';
import type { BaseLayer, WeightRole } from './bases/types';
import type { Architecture, KerasBaseLayer } from './layers';

type Obj = Record<string, unknown>;

/** The layer name the lab gives the preprocessing before a base (the import looks for it). */
export const PREPROCESS_NAME = 'preprocess_input';
const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68];

export interface FixedArray {
  shape: number[];
  values: Float32Array;
}

export interface NestedLayer {
  name: string;
  /** Its group inside the nested model's `layers/` (saving_lib's names, counted per class). */
  group: string;
  roles: WeightRole[];
}

/** The preprocess layer before a base: its class, its Keras config and, for VGG16, its fixed weights. */
export function preprocessLayer(layer: KerasBaseLayer): { className: string; config: Obj; fixed: FixedArray[] } {
  if (layer.base === 'mobilenet_v2')
    return { className: 'Rescaling', config: { name: PREPROCESS_NAME, scale: 1 / 127.5, offset: -1 }, fixed: [] };
  const kernel = new Float32Array(9);
  for (let out = 0; out < 3; out++) kernel[(2 - out) * 3 + out] = 1; // [1, 1, in, out]: BGR out of RGB in
  return {
    className: 'Conv2D',
    config: {
      name: PREPROCESS_NAME,
      filters: 3,
      kernel_size: [1, 1],
      strides: [1, 1],
      padding: 'valid',
      data_format: 'channels_last',
      activation: 'linear',
      use_bias: true,
      trainable: false,
    },
    fixed: [
      { shape: [1, 1, 3, 3], values: kernel },
      { shape: [3], values: Float32Array.from(CAFFE_MEAN_BGR, (m) => -m) },
    ],
  };
}

function opConfig(l: BaseLayer): Obj {
  const op = l.op;
  const df = { data_format: 'channels_last' };
  switch (op.kind) {
    case 'InputLayer':
      return {};
    case 'Conv2D':
      return {
        filters: op.filters,
        kernel_size: [op.kernel, op.kernel],
        strides: [op.strides, op.strides],
        padding: op.padding,
        ...df,
        dilation_rate: [1, 1],
        groups: 1,
        activation: op.activation,
        use_bias: op.useBias,
      };
    case 'DepthwiseConv2D':
      return {
        depth_multiplier: 1,
        kernel_size: [op.kernel, op.kernel],
        strides: [op.strides, op.strides],
        padding: op.padding,
        ...df,
        dilation_rate: [1, 1],
        activation: 'linear',
        use_bias: false,
      };
    case 'BatchNormalization':
      return { axis: -1, momentum: 0.999, epsilon: 0.001, center: true, scale: true };
    case 'ReLU':
      return { max_value: op.maxValue, negative_slope: 0, threshold: 0 };
    case 'ZeroPadding2D':
      return { padding: op.padding, ...df };
    case 'MaxPooling2D':
      return { pool_size: [op.pool, op.pool], strides: [op.strides, op.strides], padding: 'valid', ...df };
    case 'Add':
      return {};
  }
}

/** keras.applications' base as Keras 3 serializes it (a nested Functional), and its layers' weight groups. */
export function baseFunctional(
  layer: KerasBaseLayer,
  input: Architecture['input'],
  groupNames: (classes: string[]) => string[],
): { name: string; config: Obj; nested: NestedLayer[] } {
  const ref = baseRef(layer);
  const { height, width } = input;
  const layers = baseLayers(ref, height, width);
  const trainable = trainableFrom(layers, layer.fineTuneFrom);
  const shapeOf = new Map(layers.map((l) => [l.name, [null, ...l.outputShape]]));
  const tensor = (name: string) => ({
    class_name: '__keras_tensor__',
    config: { shape: shapeOf.get(name), dtype: 'float32', keras_history: [name, 0, 0] },
  });
  const serialized = layers.map((l, i): Obj => {
    if (l.op.kind === 'InputLayer')
      return {
        module: 'keras.layers',
        class_name: 'InputLayer',
        config: { batch_shape: [null, height, width, 3], dtype: 'float32', name: l.name },
        registered_name: null,
        name: l.name,
        inbound_nodes: [],
      };
    const args = l.inputs.length === 1 ? [tensor(l.inputs[0]!)] : [l.inputs.map(tensor)];
    return {
      module: 'keras.layers',
      class_name: l.op.kind,
      config: { name: l.name, trainable: trainable[i], dtype: 'float32', ...opConfig(l) },
      registered_name: null,
      build_config: {
        input_shape: l.inputs.length === 1 ? shapeOf.get(l.inputs[0]!) : l.inputs.map((n) => shapeOf.get(n)),
      },
      name: l.name,
      inbound_nodes: [{ args, kwargs: {} }],
    };
  });
  const name = baseModelName(ref, height, width);
  const groups = groupNames(layers.map((l) => l.op.kind));
  return {
    name,
    config: {
      module: 'keras.src.models.functional',
      class_name: 'Functional',
      config: {
        name,
        trainable: true,
        layers: serialized,
        input_layers: [layers[0]!.name, 0, 0],
        output_layers: [layers.at(-1)!.name, 0, 0],
      },
      registered_name: 'Functional',
      build_config: { input_shape: null },
    },
    nested: layers.map((l, i) => ({ name: l.name, group: groups[i]!, roles: l.weights.map((w) => w.role) })),
  };
}
