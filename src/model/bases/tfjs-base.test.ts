import { describe, expect, it } from 'vitest';
import { inferSummary } from '../infer';
import { withId, type Architecture, type LayerConfig, type TfjsBaseLayer } from '../layers';
import { sanitizeArchitecture } from '../sanitize';
import { kerasExportProblem, tfjsFineTuneChoices } from './tfjs-base';
import { inspectLayers } from './inspect-layers';
import { cutAfter, pickBase, withPreprocess } from './tfjs-pick';
import type { KeptTfjsBase, TfjsBaseModel } from './tfjs-types';
import { withTfjsBase } from './tfjs-use';

// Teachable Machine's MobileNet v1 0.25 at 224, cut at conv_pw_13_relu, in miniature: the numbers tfjs reports.
const MODEL: TfjsBaseModel = {
  name: 'model_1',
  input: [32, 32, 3],
  outputShape: [16, 16, 16],
  layers: [
    { name: 'conv1', className: 'Conv2D', outputShape: [16, 16, 8], params: 216, trainableParams: 216 },
    { name: 'conv1_bn', className: 'BatchNormalization', outputShape: [16, 16, 8], params: 32, trainableParams: 16 },
    { name: 'conv1_relu', className: 'ReLU', outputShape: [16, 16, 8], params: 0, trainableParams: 0 },
    { name: 'conv_dw_1', className: 'DepthwiseConv2D', outputShape: [16, 16, 8], params: 72, trainableParams: 72 },
    { name: 'conv_pw_1', className: 'Conv2D', outputShape: [16, 16, 16], params: 144, trainableParams: 144 },
    { name: 'conv_pw_13_relu', className: 'ReLU', outputShape: [16, 16, 16], params: 0, trainableParams: 0 },
  ],
};
const base = (fineTuneFrom: string | null = null, model: TfjsBaseModel | null = MODEL): TfjsBaseLayer => ({
  type: 'Base',
  base: 'tfjs',
  alpha: 1,
  fineTuneFrom,
  tfjs: { file: 'model_1-0123abcd', preprocess: 'tf', model },
});
const arch = (first: LayerConfig, size = 32): Architecture => ({
  input: { height: size, width: size, channels: 3 },
  layers: [first, { type: 'GlobalAveragePooling2D' }, { type: 'Dense', units: 2, activation: 'softmax' }].map((l) =>
    withId(l as LayerConfig),
  ),
  numClasses: 2,
});

describe('a TensorFlow.js base in the summary', () => {
  it('is one `model_1 (Functional)` row with its output shape and parameters, frozen: all non-trainable', () => {
    const s = inferSummary(arch(base()));
    expect(s.valid).toBe(true);
    expect(s.rows[0]).toMatchObject({ name: 'model_1', type: 'Base', outputShape: [16, 16, 16], params: 464 });
    expect([s.totalParams, s.trainableParams, s.nonTrainableParams]).toEqual([464 + 34, 34, 464]);
  });

  it("fine-tuned from conv_dw_1: that layer and the rest train; BatchNorm's moving statistics never", () => {
    expect(inferSummary(arch(base('conv_dw_1'))).trainableParams).toBe(72 + 144 + 34);
    expect(inferSummary(arch(base('conv1'))).trainableParams).toBe(216 + 16 + 72 + 144 + 34);
    expect(tfjsFineTuneChoices(MODEL)).toEqual(['conv1', 'conv1_bn', 'conv_dw_1', 'conv_pw_1']);
    const bad = inferSummary(arch(base('conv1_relu')));
    expect(bad.valid).toBe(false);
    expect(bad.issues[0]!.message).toMatch(/no layer with weights named "conv1_relu"/);
  });

  it('says when its file is not kept here, and when the input is not the size the model takes', () => {
    const missing = inferSummary(arch(base(null, null)));
    expect(missing.valid).toBe(false);
    expect(missing.issues[0]!.message).toMatch(/'model_1-0123abcd' is not kept in this browser/);
    const wrong = inferSummary(arch(base(), 64));
    expect(wrong.issues[0]!.message).toMatch(/takes 32x32x3 images, but it receives 64x64x3/);
    expect(wrong.issues[0]!.fix).toMatch(/Set the input to 32x32/);
  });

  it('Inspect lists its layers by their names; the Keras export says it cannot build it', () => {
    expect(inspectLayers(arch(base())).slice(0, 2)).toEqual([
      { name: 'conv1', type: 'Conv2D', inBase: true },
      { name: 'conv1_bn', type: 'BatchNormalization', inBase: true },
    ]);
    expect(kerasExportProblem(arch(base()))).toMatch(/keras.applications cannot build.*Export it as TensorFlow.js/);
  });

  it('survives storage and links: kept as it was, or its description dropped when it does not read right', () => {
    const a = arch(base('conv_dw_1'));
    const back = sanitizeArchitecture(JSON.parse(JSON.stringify(a)), arch({ type: 'Flatten' }));
    expect(back.layers[0]).toEqual(a.layers[0]);
    const broken = JSON.parse(JSON.stringify(a));
    broken.layers[0].tfjs.model.layers[0].params = -1;
    expect(sanitizeArchitecture(broken, a).layers[0]).toMatchObject({
      tfjs: { file: 'model_1-0123abcd', model: null },
    });
  });
});

const functional = (name: string, lastName = 'conv_pw_13_relu') => ({
  class_name: 'Model',
  config: {
    name,
    layers: [
      {
        name: 'input_1',
        class_name: 'InputLayer',
        config: { name: 'input_1', batch_input_shape: [null, 8, 8, 3] },
        inbound_nodes: [],
      },
      { name: 'conv1', class_name: 'Conv2D', config: { name: 'conv1' }, inbound_nodes: [[['input_1', 0, 0, {}]]] },
      { name: lastName, class_name: 'ReLU', config: { name: lastName }, inbound_nodes: [[['conv1', 0, 0, {}]]] },
    ],
    input_layers: [['input_1', 0, 0]],
    output_layers: [[lastName, 0, 0]],
  },
});

describe('which part of a model.json is the base', () => {
  it("Teachable Machine's Sequential [feature model, head]: the feature model, also one Sequential deeper", () => {
    const head = { class_name: 'Sequential', config: { name: 'head', layers: [{ class_name: 'Dense', config: {} }] } };
    const tm = { class_name: 'Sequential', config: { name: 'sequential_4', layers: [functional('model_1'), head] } };
    expect(pickBase(tm)).toMatchObject({ name: 'model_1', source: 'teachable-machine' });
    const deeper = { class_name: 'Sequential', config: { layers: [tm.config.layers[0] && { ...tm }, head] } };
    expect(pickBase(deeper)).toMatchObject({ name: 'model_1', source: 'teachable-machine' });
    expect(pickBase({ model_config: functional('net', 'out') })).toMatchObject({ name: 'net', source: 'whole' });
    expect(() =>
      pickBase({ class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: {} }] } }),
    ).toThrow(/Sequential of plain layers/);
  });

  it('cuts a model after a layer: it becomes the output, the layers after it go, the model is renamed', () => {
    const cut = cutAfter(functional('model_1'), 'conv1');
    const config = cut.config as { name: string; layers: { name: string }[]; output_layers: unknown };
    expect(config.name).toBe('model_1_conv1');
    expect(config.layers.map((l) => l.name)).toEqual(['input_1', 'conv1']);
    expect(config.output_layers).toEqual([['conv1', 0, 0]]);
    expect(() => cutAfter(functional('model_1'), 'nope')).toThrow(/no layer named 'nope'/);
  });

  it('puts the preprocessing right after the input, rewiring what read the input', () => {
    const { topology, preprocess } = withPreprocess(functional('model_1'));
    const layers = (topology.config as { layers: { name: string; inbound_nodes: unknown }[] }).layers;
    expect(preprocess).toBe('preprocess_input');
    expect(layers.map((l) => l.name)).toEqual(['input_1', 'preprocess_input', 'conv1', 'conv_pw_13_relu']);
    expect(layers[1]!.inbound_nodes).toEqual([[['input_1', 0, 0, {}]]]);
    expect(layers[2]!.inbound_nodes).toEqual([[['preprocess_input', 0, 0, {}]]]);
  });
});

describe('a kept TF.js base put into the stack, and found again by name', () => {
  const kept: KeptTfjsBase = {
    fileName: 'model_1-0123abcd',
    picked: ['model.json', 'weights.bin'],
    source: 'teachable-machine',
    preprocess: 'tf',
    model: MODEL,
    bytes: 464 * 4,
    where: 'opfs',
    keptAt: 0,
  };

  it("starts a stack with Teachable Machine's head at the model's input size, or replaces the stack's base", () => {
    const start: Architecture = { ...arch({ type: 'Flatten' }, 180), numClasses: 3 };
    const made = withTfjsBase(start, kept);
    expect(made.input).toEqual({ height: 32, width: 32, channels: 3 });
    expect(made.layers.map((l) => l.type)).toEqual(['Base', 'GlobalAveragePooling2D', 'Dense', 'Dense']);
    expect(made.layers[3]).toMatchObject({ units: 3, activation: 'softmax' });
    expect(inferSummary(made).valid).toBe(true);
    const vgg: Architecture = {
      ...start,
      layers: [
        { type: 'RandomFlip', mode: 'horizontal' },
        { type: 'Base', base: 'vgg16', alpha: 1, fineTuneFrom: null },
        { type: 'Flatten' },
        { type: 'Dense', units: 3, activation: 'softmax' },
      ].map((l) => withId(l as LayerConfig)),
    };
    expect(withTfjsBase(vgg, kept).layers.map((l) => (l.type === 'Base' ? l.base : l.type))).toEqual([
      'RandomFlip',
      'tfjs',
      'Flatten',
      'Dense',
    ]);
  });
});
