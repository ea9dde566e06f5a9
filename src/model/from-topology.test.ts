import { describe, expect, it } from 'vitest';
import { architectureFromTopology, withoutAugmentation } from './from-topology';
import { inferSummary } from './infer';
import { PRESETS } from './presets';

describe('architectureFromTopology', () => {
  it('reads a Keras 3 export: InputLayer with batch_shape first, module keys, sigmoid output = 2 classes', () => {
    const topology = {
      class_name: 'Sequential',
      config: {
        name: 'sequential',
        layers: [
          {
            module: 'keras.layers',
            class_name: 'InputLayer',
            config: { batch_shape: [null, 180, 180, 3], dtype: 'float32', name: 'input_layer' },
          },
          {
            module: 'keras.layers',
            class_name: 'Rescaling',
            config: { name: 'rescaling', scale: 0.00392156862745098, offset: 0.0 },
            registered_name: null,
          },
          {
            module: 'keras.layers',
            class_name: 'Conv2D',
            config: {
              name: 'conv2d',
              filters: 32,
              kernel_size: [3, 3],
              strides: [1, 1],
              padding: 'valid',
              data_format: 'channels_last',
              dilation_rate: [1, 1],
              groups: 1,
              activation: 'relu',
              use_bias: true,
            },
          },
          { module: 'keras.layers', class_name: 'Flatten', config: { name: 'flatten' } },
          { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 1, activation: 'sigmoid' } },
        ],
      },
    };
    const { arch, layers } = architectureFromTopology(topology);
    expect(arch.input).toEqual({ height: 180, width: 180, channels: 3 });
    expect(arch.numClasses).toBe(2);
    expect(layers.map((l) => l.name)).toEqual(['rescaling', 'conv2d', 'flatten', 'dense']);
    expect(inferSummary(arch).valid).toBe(true);
  });

  it('reads an older export: model_config wrapper, InputLayer with batch_input_shape / batchInputShape', () => {
    for (const key of ['batch_input_shape', 'batchInputShape']) {
      const t = {
        model_config: {
          class_name: 'Sequential',
          config: {
            layers: [
              { class_name: 'InputLayer', config: { [key]: [null, 28, 28, 1] } },
              { class_name: 'Flatten', config: {} },
              { class_name: 'Dense', config: { units: 10, activation: 'softmax' } },
            ],
          },
        },
      };
      expect(architectureFromTopology(t).arch.input).toEqual({ height: 28, width: 28, channels: 1 });
    }
  });

  const seq = (layers: unknown[]) => ({ class_name: 'Sequential', config: { layers } });
  const first = { class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, 28, 28, 1] } };
  const out = { class_name: 'Dense', config: { name: 'dense', units: 10, activation: 'softmax' } };
  it.each([
    [
      'a functional graph',
      { class_name: 'Functional', config: { layers: [] } },
      /is a Functional \(a functional graph\), not a Sequential stack/,
    ],
    ['no topology', null, /"modelTopology" is missing/],
    ['no layers list', { class_name: 'Sequential', config: {} }, /has no "layers" list/],
    [
      'an unknown layer',
      seq([first, { class_name: 'DepthwiseConv2D', config: { name: 'conv2d_1' } }, out]),
      /^model\.json: layer 2 'conv2d_1' is a DepthwiseConv2D, which the lab can't show\.$/,
    ],
    ['a layer that is not an object', seq([first, 3, out]), /layer 2 is not a \{class_name, config\} object/],
    [
      'an unknown activation',
      seq([first, { class_name: 'Dense', config: { name: 'dense', units: 10, activation: 'elu' } }]),
      /layer 2 'dense' \(Dense\): "activation" is "elu"/,
    ],
    [
      'a dilated convolution',
      seq([
        {
          class_name: 'Conv2D',
          config: { name: 'c', filters: 2, kernel_size: 3, dilation_rate: 2, batch_input_shape: [null, 8, 8, 1] },
        },
        first,
        out,
      ]),
      /dilated/,
    ],
    [
      'channels_first',
      seq([
        {
          class_name: 'Conv2D',
          config: {
            name: 'c',
            filters: 2,
            kernel_size: 3,
            data_format: 'channels_first',
            batch_input_shape: [null, 8, 8, 1],
          },
        },
        out,
      ]),
      /channels_last only/,
    ],
    ['no input shape', seq([{ class_name: 'Flatten', config: {} }, out]), /no input shape/],
    [
      'a non-image input',
      seq([{ class_name: 'Dense', config: { units: 10, activation: 'softmax', batch_input_shape: [null, 784] } }]),
      /input shape is \[None, 784\]/,
    ],
    ['no Dense at the end', seq([first]), /last layer 'flatten' is a Flatten/],
    [
      'an InputLayer later on',
      seq([first, { class_name: 'InputLayer', config: { name: 'in2' } }, out]),
      /InputLayer, which may only come first/,
    ],
  ])('%s gets a clear error', (_name, topology, message) => {
    expect(() => architectureFromTopology(topology)).toThrow(message);
  });
});

describe('withoutAugmentation', () => {
  it('drops the six augmentation layers and keeps Dropout', () => {
    const arch = PRESETS.find((p) => p.id === 'catsdogs-augmented')!.build();
    const types = withoutAugmentation(arch).layers.map((l) => l.type);
    expect(types).not.toContain('RandomFlip');
    expect(types).toContain('Dropout');
    expect(inferSummary(withoutAugmentation(arch)).totalParams).toBe(inferSummary(arch).totalParams);
  });
});
