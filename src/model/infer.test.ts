import { describe, expect, it } from 'vitest';
import { convOutputLength, inferSummary } from './infer';
import { PRESETS, findPreset } from './presets';
import { defaultLayer, withId, type Architecture, type Conv2DLayer, type LayerConfig } from './layers';
import { paramsWithSize } from './format';

const arch = (
  layers: LayerConfig[],
  input = { height: 28, width: 28, channels: 1 },
  numClasses = 10,
): Architecture => ({
  input,
  layers: layers.map((l) => withId(l)),
  numClasses,
});
const conv = (filters: number, k = 3, s = 1, padding: 'valid' | 'same' = 'valid'): Conv2DLayer => ({
  type: 'Conv2D',
  filters,
  kernelSize: [k, k],
  strides: [s, s],
  padding,
  activation: 'relu',
});

describe('presets match Keras model.summary()', () => {
  it('mnist-convnet: 104,202 params with the textbook shapes', () => {
    const s = inferSummary(findPreset('mnist-convnet')!.build());
    expect(s.valid).toBe(true);
    expect(s.rows.map((r) => [r.name, r.outputShape?.join(','), r.params])).toEqual([
      ['conv2d', '26,26,32', 320],
      ['max_pooling2d', '13,13,32', 0],
      ['conv2d_1', '11,11,64', 18496],
      ['max_pooling2d_1', '5,5,64', 0],
      ['conv2d_2', '3,3,128', 73856],
      ['flatten', '1152', 0],
      ['dense', '10', 11530],
    ]);
    expect(s.totalParams).toBe(104_202);
    expect(s.loss).toBe('sparse_categorical_crossentropy');
  });

  it('mnist-no-pool: 712,202 params, its Dense alone 619,530', () => {
    const s = inferSummary(findPreset('mnist-no-pool')!.build());
    expect(s.rows.map((r) => r.outputShape?.join(','))).toEqual(['26,26,32', '24,24,64', '22,22,128', '61952', '10']);
    expect(s.rows.at(-1)!.params).toBe(619_530);
    expect(s.totalParams).toBe(712_202);
  });

  it('mnist-dense: 407,050 params', () => {
    const s = inferSummary(findPreset('mnist-dense')!.build());
    expect(s.rows.map((r) => r.params)).toEqual([0, 401_920, 5_130]);
    expect(s.totalParams).toBe(407_050);
  });

  it('catsdogs-naive: 991,041 params (3.78 MB), binary cross-entropy', () => {
    const s = inferSummary(findPreset('catsdogs-naive')!.build());
    expect(s.rows.map((r) => [r.outputShape?.join(','), r.params])).toEqual([
      ['180,180,3', 0],
      ['178,178,32', 896],
      ['89,89,32', 0],
      ['87,87,64', 18496],
      ['43,43,64', 0],
      ['41,41,128', 73856],
      ['20,20,128', 0],
      ['18,18,256', 295168],
      ['9,9,256', 0],
      ['7,7,256', 590080],
      ['12544', 0],
      ['1', 12545],
    ]);
    expect(paramsWithSize(s.totalParams)).toBe('991,041 (3.78 MB)');
    expect(s.loss).toBe('binary_crossentropy');
  });

  it('catsdogs-augmented: same 991,041 params with augmentation and dropout', () => {
    const s = inferSummary(findPreset('catsdogs-augmented')!.build());
    expect(s.rows.slice(0, 3).map((r) => r.name)).toEqual(['random_flip', 'random_rotation', 'random_zoom']);
    expect(s.rows.at(-2)!.name).toBe('dropout');
    expect(s.totalParams).toBe(991_041);
  });

  it('every preset totals what its description promises', () => {
    for (const p of PRESETS) expect(inferSummary(p.build()).totalParams, p.id).toBe(p.expectedParams);
  });
});

describe('shape rules', () => {
  it('same padding with strides gives ceil(input / stride)', () => {
    expect(convOutputLength(28, 3, 2, 'same')).toBe(14);
    expect(convOutputLength(27, 3, 2, 'same')).toBe(14);
    expect(convOutputLength(7, 5, 3, 'same')).toBe(3);
    const s = inferSummary(
      arch(
        [
          conv(8, 3, 2, 'same'),
          conv(4, 5, 3, 'same'),
          { type: 'Flatten' },
          { type: 'Dense', units: 10, activation: 'softmax' },
        ],
        { height: 27, width: 13, channels: 3 },
      ),
    );
    expect(s.rows[0]!.outputShape).toEqual([14, 7, 8]);
    expect(s.rows[1]!.outputShape).toEqual([5, 3, 4]);
    expect(s.rows[0]!.params).toBe(3 * 3 * 3 * 8 + 8);
  });

  it('valid padding with strides gives floor((input - k) / stride) + 1', () => {
    const s = inferSummary(
      arch([conv(8, 3, 2), { type: 'Flatten' }, { type: 'Dense', units: 10, activation: 'softmax' }]),
    );
    expect(s.rows[0]!.outputShape).toEqual([13, 13, 8]);
  });

  it('pooling with strides other than the pool size, and same padding', () => {
    const s = inferSummary(
      arch([
        { type: 'MaxPooling2D', poolSize: [3, 3], strides: [2, 2], padding: 'valid' },
        { type: 'AveragePooling2D', poolSize: [2, 2], strides: [1, 1], padding: 'valid' },
        { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'same' },
        { type: 'Flatten' },
        { type: 'Dense', units: 10, activation: 'softmax' },
      ]),
    );
    expect(s.rows.slice(0, 3).map((r) => r.outputShape)).toEqual([
      [13, 13, 1],
      [12, 12, 1],
      [6, 6, 1],
    ]);
    expect(s.valid).toBe(true);
  });

  it('BatchNormalization: 4 params per channel, half non-trainable', () => {
    const s = inferSummary(
      arch([
        conv(16),
        { type: 'BatchNormalization' },
        { type: 'Flatten' },
        { type: 'Dense', units: 10, activation: 'softmax' },
      ]),
    );
    const bn = s.rows[1]!;
    expect(bn.name).toBe('batch_normalization');
    expect([bn.params, bn.trainable, bn.nonTrainable]).toEqual([64, 32, 32]);
    expect(s.nonTrainableParams).toBe(32);
    expect(s.trainableParams).toBe(s.totalParams - 32);
  });

  it('GlobalAveragePooling2D turns maps into a channel vector', () => {
    const s = inferSummary(
      arch([conv(32), { type: 'GlobalAveragePooling2D' }, { type: 'Dense', units: 10, activation: 'softmax' }]),
    );
    expect(s.rows[1]!.outputShape).toEqual([32]);
    expect(s.rows[2]!.params).toBe(330);
    expect(s.valid).toBe(true);
  });

  it('repeated layer types get Keras suffixes', () => {
    const s = inferSummary(
      arch([
        conv(4),
        conv(4),
        { type: 'Dropout', rate: 0.5 },
        conv(4),
        { type: 'Dropout', rate: 0.2 },
        { type: 'Flatten' },
        { type: 'Dense', units: 10, activation: 'softmax' },
      ]),
    );
    expect(s.rows.map((r) => r.name)).toEqual([
      'conv2d',
      'conv2d_1',
      'dropout',
      'conv2d_2',
      'dropout_1',
      'flatten',
      'dense',
    ]);
  });
});

describe('errors a student can act on', () => {
  const expectIssue = (a: Architecture, index: number | null, words: RegExp) => {
    const s = inferSummary(a);
    expect(s.valid).toBe(false);
    expect(s.issues[0]!.layerIndex).toBe(index);
    expect(s.issues[0]!.message + ' ' + s.issues[0]!.fix).toMatch(words);
    if (index !== null) expect(s.rows[index]!.issue).toBe(s.issues[0]);
    return s;
  };

  it('a 3x3 kernel on a 2x2 map', () => {
    const s = expectIssue(
      arch([conv(8), { type: 'Flatten' }, { type: 'Dense', units: 10, activation: 'softmax' }], {
        height: 2,
        width: 2,
        channels: 1,
      }),
      0,
      /3x3 kernel does not fit the 2x2 input.*padding "same"/,
    );
    expect(s.rows[1]!.outputShape).toBeNull();
  });

  it('pooling below 1x1', () => {
    expectIssue(
      arch(
        [
          conv(8, 3),
          { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' },
          { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' },
          { type: 'Flatten' },
          { type: 'Dense', units: 10, activation: 'softmax' },
        ],
        { height: 4, width: 4, channels: 1 },
      ),
      2,
      /pool window does not fit the 1x1 input/,
    );
  });

  it('Dense straight after convolutions', () => {
    expectIssue(
      arch([conv(8), { type: 'Dense', units: 10, activation: 'softmax' }]),
      1,
      /not one vector of class scores/,
    );
  });

  it('Conv2D after Flatten', () => {
    expectIssue(
      arch([{ type: 'Flatten' }, conv(8), { type: 'Dense', units: 10, activation: 'softmax' }]),
      1,
      /image-shaped input/,
    );
  });

  it('augmentation after Flatten', () => {
    expectIssue(
      arch([
        { type: 'Flatten' },
        { type: 'RandomFlip', mode: 'horizontal' },
        { type: 'Dense', units: 10, activation: 'softmax' },
      ]),
      1,
      /augmentation layers first/,
    );
  });

  it('a last layer that does not match the number of classes', () => {
    expectIssue(
      arch([{ type: 'Flatten' }, { type: 'Dense', units: 5, activation: 'softmax' }]),
      1,
      /5 outputs.*10 classes.*Dense\(10, activation="softmax"\)/,
    );
  });

  it('a multi-class output without softmax', () => {
    expectIssue(arch([{ type: 'Flatten' }, { type: 'Dense', units: 10, activation: 'relu' }]), 1, /softmax/);
  });

  it('a model that does not end with Dense', () => {
    expectIssue(arch([conv(8), { type: 'Flatten' }]), 1, /must end with a Dense/);
  });

  it('two classes accept one sigmoid unit or two softmax units', () => {
    expect(
      inferSummary(arch([{ type: 'Flatten' }, { type: 'Dense', units: 1, activation: 'sigmoid' }], undefined, 2)).loss,
    ).toBe('binary_crossentropy');
    expect(
      inferSummary(arch([{ type: 'Flatten' }, { type: 'Dense', units: 2, activation: 'softmax' }], undefined, 2)).loss,
    ).toBe('sparse_categorical_crossentropy');
    expectIssue(
      arch([{ type: 'Flatten' }, { type: 'Dense', units: 1, activation: 'softmax' }], undefined, 2),
      1,
      /sigmoid/,
    );
  });

  it('an empty model', () => {
    expectIssue(arch([]), null, /no layers/);
  });

  it('an out-of-range parameter (e.g. from old saved data) is reported, not thrown', () => {
    expectIssue(
      arch([{ ...conv(8), filters: 0 }, { type: 'Flatten' }, { type: 'Dense', units: 10, activation: 'softmax' }]),
      0,
      /filters must be between 1/,
    );
  });

  it('every default layer is valid somewhere in an image model', () => {
    for (const type of [
      'Rescaling',
      'RandomFlip',
      'RandomRotation',
      'RandomZoom',
      'Conv2D',
      'MaxPooling2D',
      'AveragePooling2D',
      'BatchNormalization',
      'Dropout',
    ] as const) {
      const s = inferSummary(
        arch([defaultLayer(type), { type: 'Flatten' }, { type: 'Dense', units: 10, activation: 'softmax' }]),
      );
      expect(s.valid, type).toBe(true);
    }
  });
});

describe('Keras to the last digit', () => {
  it('rounds the size in brackets as Python’s {:.2f} does (half to even)', () => {
    expect(paramsWithSize(288)).toBe('288 (1.12 KB)');
    expect(paramsWithSize(1_568)).toBe('1,568 (6.12 KB)');
    expect(paramsWithSize(294_912)).toBe('294,912 (1.12 MB)');
    // Not ties: rounded to nearest as before.
    expect(paramsWithSize(104_202)).toBe('104,202 (407.04 KB)');
    expect(paramsWithSize(320)).toBe('320 (1.25 KB)');
    expect(paramsWithSize(352)).toBe('352 (1.38 KB)'); // 1.375 → 1.38 (8 is even)
  });

  it('applies Dense to the last axis of feature maps, warns on that layer, and goes on', () => {
    const s = inferSummary(
      arch(
        [
          conv(3, 2, 4, 'valid'),
          { type: 'Dense', units: 32, activation: 'relu' },
          { type: 'Flatten' },
          { type: 'Dense', units: 10, activation: 'softmax' },
        ],
        { height: 28, width: 16, channels: 1 },
      ),
    );
    expect(s.rows.map((r) => [r.name, r.outputShape?.join(','), r.params])).toEqual([
      ['conv2d', '7,4,3', 15],
      ['dense', '7,4,32', 128],
      ['flatten', '896', 0],
      ['dense_1', '10', 8970],
    ]);
    expect(s.valid).toBe(true);
    expect(s.rows[1]!.warning).toMatch(/last axis.*Flatten or GlobalAveragePooling2D/);
    expect(s.rows[3]!.warning).toBeNull();
  });

  it('is an error only when the final output is not one vector per image', () => {
    const s = inferSummary(arch([conv(8), { type: 'Dense', units: 10, activation: 'softmax' }]));
    expect(s.rows[1]!.outputShape).toEqual([26, 26, 10]);
    expect(s.rows[1]!.params).toBe(90);
    expect(s.valid).toBe(false);
    expect(s.issues[0]!.message).toMatch(/output is \(26, 26, 10\) per image, not one vector of class scores/);
  });
});
