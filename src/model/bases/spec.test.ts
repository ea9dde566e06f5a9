import { describe, expect, it } from 'vitest';
import {
  baseInputProblem,
  baseInputWarning,
  baseLayers,
  baseModelName,
  baseTotals,
  trainableFrom,
  weightedLayerNames,
} from './spec';
import { correctPad, makeDivisible } from './mobilenet-v2';
import { MOBILENET_V2_ALPHAS, layerParams, type BaseRef } from './types';

const mnv2 = (alpha: (typeof MOBILENET_V2_ALPHAS)[number]): BaseRef => ({ base: 'mobilenet_v2', alpha });

describe('VGG16 as keras.applications builds it', () => {
  it('180x180: (None, 5, 5, 512) and 14,714,688 parameters (the textbook)', () => {
    const layers = baseLayers({ base: 'vgg16' }, 180, 180);
    expect(baseTotals(layers, null)).toEqual({
      outputShape: [5, 5, 512],
      params: 14714688,
      trainable: 0,
      nonTrainable: 14714688,
    });
    expect(layers).toHaveLength(19);
    expect(layers.map((l) => l.name).slice(0, 4)).toEqual([
      'input_layer',
      'block1_conv1',
      'block1_conv2',
      'block1_pool',
    ]);
    expect(layers[layers.length - 1]!.name).toBe('block5_pool');
    expect(layers.find((l) => l.name === 'block1_conv1')!.weights.map((w) => w.shape)).toEqual([[3, 3, 3, 64], [64]]);
  });

  it('fine-tuning from block5_conv1 trains 7,079,424 of them (three 3x3x512x512 convolutions)', () => {
    const layers = baseLayers({ base: 'vgg16' }, 180, 180);
    expect(baseTotals(layers, 'block5_conv1')).toMatchObject({ trainable: 7079424, nonTrainable: 7635264 });
    expect(baseModelName({ base: 'vgg16' }, 180, 180)).toBe('vgg16');
  });

  it('offers its 13 convolutions as the first layer to fine-tune', () => {
    const names = weightedLayerNames(baseLayers({ base: 'vgg16' }, 224, 224));
    expect(names).toHaveLength(13);
    expect(names[10]).toBe('block5_conv1');
  });
});

describe('MobileNetV2 as keras.applications builds it', () => {
  it('alpha 0.35 at 96x96: (None, 3, 3, 1280), 410,208 parameters, named mobilenetv2_0.35_96', () => {
    const layers = baseLayers(mnv2(0.35), 96, 96);
    expect(baseTotals(layers, null)).toMatchObject({ outputShape: [3, 3, 1280], params: 410208 });
    expect(baseModelName(mnv2(0.35), 96, 96)).toBe('mobilenetv2_0.35_96');
  });

  it.each([
    [1.0, 224, [7, 7, 1280], 2257984],
    [1.0, 160, [5, 5, 1280], 2257984],
    [0.5, 224, [7, 7, 1280], 706224],
    [0.75, 224, [7, 7, 1280], 1382064],
    [1.3, 224, [7, 7, 1664], 3766048],
    [1.4, 224, [7, 7, 1792], 4363712],
  ] as const)('alpha %s at %s: %j, %s parameters', (alpha, size, shape, params) => {
    expect(baseTotals(baseLayers(mnv2(alpha), size, size), null)).toMatchObject({ outputShape: shape, params });
  });

  it('has Keras 154 layers, the first block without expansion, and Add only where shapes allow', () => {
    const layers = baseLayers(mnv2(1.0), 224, 224);
    const names = layers.map((l) => l.name);
    expect(layers).toHaveLength(154);
    expect(names.slice(0, 10)).toEqual([
      'input_layer',
      'Conv1',
      'bn_Conv1',
      'Conv1_relu',
      'expanded_conv_depthwise',
      'expanded_conv_depthwise_BN',
      'expanded_conv_depthwise_relu',
      'expanded_conv_project',
      'expanded_conv_project_BN',
      'block_1_expand',
    ]);
    expect(names.slice(-3)).toEqual(['Conv_1', 'Conv_1_bn', 'out_relu']);
    expect(names.filter((n) => n.endsWith('_add'))).toEqual(
      [2, 4, 5, 7, 8, 9, 11, 12, 14, 15].map((b) => `block_${b}_add`),
    );
    const add = layers.find((l) => l.name === 'block_2_add')!;
    expect(add.inputs).toEqual(['block_1_project_BN', 'block_2_project_BN']);
    // BatchNormalization: 4 x channels, half of it the moving statistics.
    const bn = layers.find((l) => l.name === 'bn_Conv1')!;
    expect(layerParams(bn)).toBe(128);
    expect(bn.weights.map((w) => [w.role, w.trainable])).toEqual([
      ['gamma', true],
      ['beta', true],
      ['moving_mean', false],
      ['moving_variance', false],
    ]);
  });

  it('pads before strided depthwise convolutions as correct_pad does, for odd and even sides', () => {
    expect(correctPad(112, 112)).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(correctPad(45, 44)).toEqual([
      [1, 1],
      [0, 1],
    ]);
    const odd = baseLayers(mnv2(1.0), 90, 90);
    expect(odd.find((l) => l.name === 'block_1_pad')!.outputShape).toEqual([47, 47, 96]);
    expect(odd[odd.length - 1]!.outputShape).toEqual([3, 3, 1280]);
  });

  it('rounds widths with _make_divisible as Keras does', () => {
    expect(makeDivisible(32 * 0.35)).toBe(16);
    expect(makeDivisible(Math.trunc(16 * 0.35))).toBe(8);
    expect(makeDivisible(1280 * 1.3)).toBe(1664);
  });

  it('counts moving statistics as non-trainable even when fine-tuning, and fine-tunes from a layer on', () => {
    const layers = baseLayers(mnv2(0.35), 96, 96);
    const all = baseTotals(layers, 'Conv1');
    const bnStats = layers
      .filter((l) => l.op.kind === 'BatchNormalization')
      .reduce((n, l) => n + l.outputShape[2] * 2, 0);
    expect(all.nonTrainable).toBe(bnStats);
    expect(all.trainable + all.nonTrainable).toBe(410208);
    const flags = trainableFrom(layers, 'Conv_1');
    expect(flags.filter(Boolean)).toHaveLength(3);
  });

  it('names itself after the 224 weights when the input is not a size Keras has weights for, and warns', () => {
    expect(baseModelName(mnv2(0.5), 180, 180)).toBe('mobilenetv2_0.50_224');
    expect(baseInputWarning(mnv2(0.5), 180, 180)).toMatch(/Weights for input shape \(224, 224\) will be loaded/);
    expect(baseInputWarning(mnv2(0.5), 160, 160)).toBeNull();
    expect(baseInputWarning({ base: 'vgg16' }, 180, 180)).toBeNull();
  });
});

describe("Keras' input-size rules", () => {
  it("refuses what obtain_input_shape refuses, in Keras' words", () => {
    expect(baseInputProblem(180, 180, 1)).toBe('The input must have 3 channels; Received `input_shape=(180, 180, 1)`');
    expect(baseInputProblem(31, 64, 3)).toBe('Input size must be at least 32x32; Received: input_shape=(31, 64, 3)');
    expect(baseInputProblem(32, 32, 3)).toBeNull();
    expect(baseInputProblem(180, 90, 3)).toBeNull();
  });

  it('gives every base a 1x1 output at the smallest size', () => {
    expect(baseTotals(baseLayers({ base: 'vgg16' }, 32, 32), null).outputShape).toEqual([1, 1, 512]);
    expect(baseTotals(baseLayers(mnv2(1.4), 32, 32), null).outputShape).toEqual([1, 1, 1792]);
  });
});

describe('against Keras itself (keras-layers.json, made by scripts/keras-base-fixtures.py with Keras 3.15.1)', () => {
  type Fixture = Record<string, { name: string; params: number; layers: [string, string, number[], number][] }>;
  const configs: [string, BaseRef, number, number][] = [
    ['vgg16_None_180x180', { base: 'vgg16' }, 180, 180],
    ['mobilenet_v2_0.35_96x96', mnv2(0.35), 96, 96],
    ['mobilenet_v2_1.0_45x38', mnv2(1.0), 45, 38],
    ['mobilenet_v2_1.4_224x224', mnv2(1.4), 224, 224],
    ['mobilenet_v2_0.5_160x160', mnv2(0.5), 160, 160],
    ['mobilenet_v2_0.75_128x128', mnv2(0.75), 128, 128],
    ['mobilenet_v2_1.3_192x192', mnv2(1.3), 192, 192],
  ];
  it.each(configs)('%s: every layer name, class, output shape and parameter count', async (key, ref, h, w) => {
    const keras = ((await import('./keras-layers.json')).default as unknown as Fixture)[key]!;
    const ours = baseLayers(ref, h, w);
    // The input's name is numbered per Python session (input_layer, input_layer_1, ...): compare the rest.
    expect(ours.slice(1).map((l) => [l.name, l.op.kind, l.outputShape, layerParams(l)])).toEqual(keras.layers.slice(1));
    expect(keras.layers[0]![1]).toBe('InputLayer');
    expect(baseTotals(ours, null).params).toBe(keras.params);
    // Keras names an un-weighted model after its own rows; with ImageNet weights after the weights' rows.
    if (h === w) expect(baseModelName(ref, h, w)).toBe(keras.name);
  });
});
