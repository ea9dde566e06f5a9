import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseTotals } from '../../../model/bases/spec';
import { expectedBaseWeights } from '../../../model/bases/weights';
import { MOBILENET_V2_ALPHAS } from '../../../model/bases/types';
import type { KerasBaseLayer } from '../../../model/layers';
import { buildBase, specLayersOf } from './build';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const vgg = (fineTuneFrom: string | null = null): KerasBaseLayer => ({
  type: 'Base',
  base: 'vgg16',
  alpha: 1,
  fineTuneFrom,
});
const mnv2 = (alpha: KerasBaseLayer['alpha'], fineTuneFrom: string | null = null): KerasBaseLayer => ({
  type: 'Base',
  base: 'mobilenet_v2',
  alpha,
  fineTuneFrom,
});

/** The block's Keras layers (without its input and preprocess_input) against the pure list. */
function expectSameAsSpec(layer: KerasBaseLayer, h: number, w: number) {
  const model = buildBase(layer, h, w);
  const spec = specLayersOf(layer, h, w);
  const own = model.layers.slice(2);
  expect(model.layers[1]!.name).toBe('preprocess_input');
  expect(own.map((l) => l.name)).toEqual(spec.map((s) => s.name));
  expect(own.map((l) => l.getClassName())).toEqual(spec.map((s) => s.op.kind));
  expect(own.map((l) => (l.outputShape as number[]).slice(1))).toEqual(spec.map((s) => s.outputShape));
  expect(own.map((l) => l.countParams())).toEqual(
    spec.map((s) => s.weights.reduce((n, x) => n + x.shape.reduce((a, b) => a * b, 1), 0)),
  );
  // Weight shapes in Keras' storage order: what the .h5 readers hand over.
  const ref =
    layer.base === 'vgg16' ? ({ base: 'vgg16' } as const) : ({ base: 'mobilenet_v2', alpha: layer.alpha } as const);
  expect(own.filter((l) => l.weights.length > 0).map((l) => l.weights.map((x) => x.shape))).toEqual(
    expectedBaseWeights(ref).map((l) => l.weights.map((x) => x.shape)),
  );
  return model;
}

describe('a base built from tfjs layers as keras.applications builds it', () => {
  it('VGG16 at 180x180: 19 Keras layers, (None, 5, 5, 512), 14,714,688 parameters, named vgg16', () => {
    const model = expectSameAsSpec(vgg(), 180, 180);
    expect(model.name).toBe('vgg16');
    expect(model.outputs[0]!.shape).toEqual([null, 5, 5, 512]);
    expect(model.countParams()).toBe(14714688);
    expect(model.trainableWeights).toHaveLength(0);
    model.dispose();
  });

  it.each(MOBILENET_V2_ALPHAS.map((a) => [a]))('MobileNetV2 alpha %s at 96x96 matches the pure list', (alpha) => {
    const model = expectSameAsSpec(mnv2(alpha), 96, 96);
    expect(model.name).toBe(`mobilenetv2_${alpha.toFixed(2)}_96`);
    model.dispose();
  });

  it('MobileNetV2 0.35 at an odd, non-square size (correct_pad both ways)', () => {
    const model = expectSameAsSpec(mnv2(0.35), 45, 38);
    expect(model.outputs[0]!.shape).toEqual([null, 2, 2, 1280]);
    expect(model.countParams()).toBe(410208);
    model.dispose();
  });

  it("trains from fineTuneFrom on: VGG16's block5 is 7,079,424 trainable parameters, as the summary says", () => {
    const layer = vgg('block5_conv1');
    const model = buildBase(layer, 64, 64);
    const trainable = model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
    expect(trainable).toBe(baseTotals(specLayersOf(layer, 64, 64), 'block5_conv1').trainable);
    expect(trainable).toBe(7079424);
    expect(model.trainableWeights.map((w) => w.name.split('/')[0])).toEqual([
      'block5_conv1',
      'block5_conv1',
      'block5_conv2',
      'block5_conv2',
      'block5_conv3',
      'block5_conv3',
    ]);
    model.dispose();
  });

  it('runs a forward pass at the smallest size without leaking tensors, and preprocesses as Keras does', () => {
    const before = tf.memory().numTensors;
    for (const layer of [vgg(), mnv2(0.35)]) {
      const model = buildBase(layer, 32, 32);
      const out = tf.tidy(() => model.predict(tf.fill([2, 32, 32, 3], 128)) as tf.Tensor);
      expect(out.shape).toEqual(layer.base === 'vgg16' ? [2, 1, 1, 512] : [2, 1, 1, 1280]);
      expect(Array.from(out.dataSync()).every(Number.isFinite)).toBe(true);
      out.dispose();
      // preprocess_input: caffe turns RGB (10, 20, 30) into BGR minus the mean; tf mode maps 0..255 to -1..1.
      const pre = model.layers[1]!;
      const px = tf.tensor4d([10, 20, 30], [1, 1, 1, 3]);
      const y = pre.apply(px) as tf.Tensor;
      const want =
        layer.base === 'vgg16'
          ? [30 - 103.939, 20 - 116.779, 10 - 123.68]
          : [10 / 127.5 - 1, 20 / 127.5 - 1, 30 / 127.5 - 1];
      Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
      tf.dispose([px, y]);
      model.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps a frozen part's BatchNormalization in inference mode while training, and lets a trainable one use the batch", () => {
    const frozen = buildBase(mnv2(0.35, 'Conv_1'), 32, 32);
    const x = tf.randomUniform([4, 32, 32, 3], 0, 255, 'float32', 7);
    const bn = frozen.getLayer('bn_Conv1');
    const probe = tf.model({ inputs: frozen.inputs, outputs: bn.output as tf.SymbolicTensor });
    const [inTraining, inInference] = [true, false].map((training) =>
      tf.tidy(() => Array.from((probe.apply(x, { training }) as tf.Tensor).dataSync())),
    );
    expect(inTraining).toEqual(inInference);
    const tuned = buildBase(mnv2(0.35, 'Conv1'), 32, 32);
    const probe2 = tf.model({ inputs: tuned.inputs, outputs: tuned.getLayer('bn_Conv1').output as tf.SymbolicTensor });
    const [t2, i2] = [true, false].map((training) =>
      tf.tidy(() => Array.from((probe2.apply(x, { training }) as tf.Tensor).dataSync())),
    );
    expect(t2).not.toEqual(i2);
    x.dispose();
    frozen.dispose();
    tuned.dispose();
  });
});
