import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, pixelScale } from './build';
import { inferSummary } from '../../model/infer';
import { kerasNames, stackNames } from '../../model/names';
import { PRESETS, findPreset } from '../../model/presets';
import { withId, type Architecture, type LayerConfig } from '../../model/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = (layers: LayerConfig[]): Architecture => ({
  input: { height: 12, width: 12, channels: 3 },
  numClasses: 2,
  layers: layers.map((l) => withId(l)),
});

describe('buildModel', () => {
  it.each(PRESETS.map((p) => [p.id]))('%s: same parameters, shapes and Keras names as the summary', (id) => {
    const arch = findPreset(id)!.build();
    const model = buildModel(arch);
    const summary = inferSummary(arch);
    expect(model.countParams()).toBe(summary.totalParams);
    expect(model.layers.map((l) => l.name)).toEqual(stackNames(arch));
    model.layers.forEach((layer, i) =>
      expect((layer.outputShape as (number | null)[]).slice(1)).toEqual(summary.rows[i]!.outputShape),
    );
    model.dispose();
  });

  it("builds a Flatten whose input is already flat, as Keras does (tfjs' own Flatten refuses it)", () => {
    const arch = small([
      { type: 'Conv2D', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
      { type: 'GlobalAveragePooling2D' },
      { type: 'Flatten' },
      { type: 'Dense', units: 2, activation: 'softmax' },
    ]);
    const summary = inferSummary(arch);
    expect(summary.issues).toEqual([]);
    const model = buildModel(arch);
    expect(model.layers.map((l) => l.name)).toEqual(kerasNames(arch.layers.map((l) => l.type)));
    model.layers.forEach((layer, i) =>
      expect((layer.outputShape as (number | null)[]).slice(1)).toEqual(summary.rows[i]!.outputShape),
    );
    expect(model.countParams()).toBe(summary.totalParams);
    model.dispose();
  });

  it('feeds raw pixels to a model with Rescaling and pixels / 255 otherwise (as the textbook preprocesses MNIST)', () => {
    expect(pixelScale(findPreset('catsdogs-naive')!.build())).toBe(1);
    expect(pixelScale(findPreset('mnist-convnet')!.build())).toBe(1 / 255);
  });

  it('augmentation layers change images only in training, like Keras', () => {
    const arch = small([
      { type: 'RandomFlip', mode: 'horizontal_and_vertical' },
      { type: 'RandomRotation', factor: 0.2, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 },
      {
        type: 'RandomZoom',
        heightFactor: 0.3,
        widthFactor: null,
        fillMode: 'reflect',
        interpolation: 'bilinear',
        fillValue: 0,
      },
      {
        type: 'RandomTranslation',
        heightFactor: 0.1,
        widthFactor: [-0.2, 0.1],
        fillMode: 'nearest',
        interpolation: 'nearest',
        fillValue: 0,
      },
      { type: 'RandomContrast', factor: 0.3, valueRange: [0, 1] },
      { type: 'RandomBrightness', factor: 0.2, valueRange: [0, 1] },
      { type: 'Flatten' },
      { type: 'Dense', units: 1, activation: 'sigmoid' },
    ]);
    const model = buildModel(arch, 3);
    const augment = tf.sequential({ layers: model.layers.slice(0, 6) });
    expect(augment.layers.map((l) => l.getClassName())).toEqual([
      'RandomFlip',
      'RandomRotation',
      'RandomZoom',
      'RandomTranslation',
      'RandomContrast',
      'RandomBrightness',
    ]);
    const x = tf.randomUniform([4, 12, 12, 3]);
    const before = tf.memory().numTensors;
    const inference = augment.apply(x, { training: false }) as tf.Tensor;
    const training = augment.apply(x, { training: true }) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 2); // no leaked intermediates
    expect(Array.from(inference.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(training.shape).toEqual(x.shape);
    expect(tf.max(tf.abs(tf.sub(training, x))).dataSync()[0]).toBeGreaterThan(0.05);
    // Pixel values stay in range (reflect / nearest filling, clipping to value_range).
    expect(tf.min(training).dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(tf.max(training).dataSync()[0]).toBeLessThanOrEqual(1);
    tf.dispose([x, inference, training]);
    model.dispose();
  });

  it('Dropout is inverted dropout while training, as Keras: dropped values are 0, kept ones scaled by 1 / (1 - rate)', () => {
    const model = buildModel(
      small([{ type: 'Flatten' }, { type: 'Dropout', rate: 0.25 }, { type: 'Dense', units: 1, activation: 'sigmoid' }]),
    );
    const x = tf.randomUniform([4, 12, 12, 3], 0.1, 1);
    const flat = model.layers[0]!.apply(x) as tf.Tensor;
    const before = tf.memory().numTensors;
    const out = model.layers[1]!.apply(flat, { training: true }) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 1);
    const [input, output] = [flat.dataSync(), out.dataSync()];
    let dropped = 0;
    output.forEach((v, i) => {
      if (v === 0) dropped += 1;
      else expect(v).toBeCloseTo(input[i]! / 0.75, 5);
    });
    // 1,728 values at rate 0.25: about 432 dropped (3 standard deviations is ±54).
    expect(dropped / output.length).toBeGreaterThan(0.2);
    expect(dropped / output.length).toBeLessThan(0.3);
    tf.dispose([x, flat, out]);
    model.dispose();
  });

  it('Dropout is inactive in predict and evaluate (the trainer alone calls the model with training: true)', () => {
    const arch = small([
      { type: 'Flatten' },
      { type: 'Dropout', rate: 0.5 },
      { type: 'Dense', units: 1, activation: 'sigmoid' },
    ]);
    const model = buildModel(arch);
    const x = tf.randomUniform([3, 12, 12, 3]);
    const [a, b, plain] = [
      model.predict(x) as tf.Tensor,
      model.predict(x) as tf.Tensor,
      model.apply(x, { training: false }) as tf.Tensor,
    ];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).toEqual(Array.from(plain.dataSync()));
    const trained = model.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(trained.dataSync())).not.toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b, plain, trained]);
    model.dispose();
  });

  it('Dropout draws a new mask at every training step and is off at inference', () => {
    const model = buildModel(
      small([{ type: 'Flatten' }, { type: 'Dropout', rate: 0.5 }, { type: 'Dense', units: 1, activation: 'sigmoid' }]),
    );
    const x = tf.ones([2, 12, 12, 3]);
    const dropout = model.layers[1]!;
    const flat = model.layers[0]!.apply(x) as tf.Tensor;
    const [a, b, off] = [
      dropout.apply(flat, { training: true }),
      dropout.apply(flat, { training: true }),
      dropout.apply(flat, { training: false }),
    ] as tf.Tensor[];
    expect(a!.dataSync().join()).not.toBe(b!.dataSync().join());
    expect(Array.from(off!.dataSync())).toEqual(Array.from(flat.dataSync()));
    tf.dispose([x, flat, a!, b!, off!]);
    model.dispose();
  });

  it('a horizontal flip mirrors some images exactly and leaves the others alone', () => {
    const model = buildModel(
      small([
        { type: 'RandomFlip', mode: 'horizontal' },
        { type: 'Flatten' },
        { type: 'Dense', units: 1, activation: 'sigmoid' },
      ]),
      5,
    );
    const x = tf.randomUniform([16, 12, 12, 3]);
    const out = model.layers[0]!.apply(x, { training: true }) as tf.Tensor;
    const mirrored = tf.reverse(x, 2);
    let flipped = 0;
    for (let i = 0; i < 16; i++) {
      const o = out.slice(i, 1).dataSync().join();
      if (o === mirrored.slice(i, 1).dataSync().join()) flipped += 1;
      else expect(o).toBe(x.slice(i, 1).dataSync().join());
    }
    expect(flipped).toBeGreaterThan(0);
    expect(flipped).toBeLessThan(16);
    tf.dispose([x, out, mirrored]);
    model.dispose();
  });
});

describe('starting weights', () => {
  const weightsOf = (seed: number) => {
    const model = buildModel(findPreset('mnist-convnet')!.build(), seed);
    const values = model.getWeights().map((w) => Array.from(w.dataSync()));
    model.dispose();
    return values;
  };

  it('are the same for the same seed (so two runs differ only in what the student changed)', () => {
    expect(weightsOf(3)).toEqual(weightsOf(3));
  });

  it('differ for another seed', () => {
    expect(weightsOf(3)[0]).not.toEqual(weightsOf(4)[0]);
  });
});
