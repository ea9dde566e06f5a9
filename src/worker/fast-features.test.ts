import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../data/random';
import type { SplitData } from '../data/types';
import { featurePlan, type FeaturePlan } from '../model/bases/features';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import { pixelScale } from '../model/training';
import { JobControl } from './control';
import { extractFeatures, headModel, putHead, type ExtractProgress } from './fast-features';
import { keepFeatures, type FeatureKeeper } from './feature-keep';
import { memorySpillStore } from './spill';
import { buildModel } from './model/build';
import { trainModel, type TrainerData, type TrainerOptions } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SIZE = 32;
// A tiny MobileNetV2 (alpha 0.35) at 32x32 with the lab's seeded random weights: 410,208 base parameters.
const arch: Architecture = {
  input: { height: SIZE, width: SIZE, channels: 3 },
  numClasses: 3,
  layers: (
    [
      { type: 'Base', base: 'mobilenet_v2', alpha: 0.35, fineTuneFrom: null },
      { type: 'Flatten' },
      { type: 'Dense', units: 8, activation: 'relu' },
      { type: 'Dense', units: 3, activation: 'softmax' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
};

/** Colour images where each class tints its own channel, plus seeded noise. */
function colourSplit(count: number, seed: number): SplitData {
  const rand = mulberry32(seed);
  const per = SIZE * SIZE * 3;
  const images = new Uint8Array(count * per);
  const labels = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 3;
    for (let p = 0; p < per; p++) images[i * per + p] = Math.floor((p % 3 === i % 3 ? 120 : 0) + rand() * 135);
  }
  return { images, labels, count };
}

const data: TrainerData = {
  train: colourSplit(20, 1),
  val: colourSplit(7, 2),
  geometry: arch.input,
  numClasses: 3,
};
const opts: TrainerOptions = {
  loss: 'sparse_categorical_crossentropy',
  epochs: 3,
  batchSize: 8,
  learningRate: 0.01,
  optimizer: 'rmsprop',
  seed: 7,
  patience: 0,
  scale: pixelScale(arch),
};
const plan = featurePlan(arch) as FeaturePlan;

const per = plan.featureShape.reduce((a, b) => a * b);
const inMemory = () => keepFeatures([20, 7], [data.train.labels, data.val.labels], per, 'memory', { store: null });

/** The base's features of the training and validation images into `keeper`. */
const extract = (model: tf.LayersModel, keeper: FeatureKeeper, onProgress: (p: ExtractProgress) => void) =>
  extractFeatures(model, plan, [data.train, data.val], data.geometry, opts.scale, new JobControl(), keeper, onProgress);

/** The head, from `model`'s weights, trained on the kept features. */
async function trainHead(model: tf.LayersModel, keeper: FeatureKeeper) {
  const [train, val] = keeper.splits();
  const head = headModel(model, plan, opts.seed);
  const data = { train: train!, val: val!, geometry: plan.head.input, numClasses: 3 };
  return { head, result: await trainModel(head, data, { ...opts, scale: 1 }, { control: new JobControl() }) };
}

describe('fast feature extraction', () => {
  it('trains the head on features computed once exactly as the whole model with its frozen base trains', async () => {
    expect('problem' in plan).toBe(false);
    const tensors = tf.memory().numTensors;
    const whole = buildModel(arch, opts.seed);
    const slow = await trainModel(whole, data, opts, { control: new JobControl() });

    const model = buildModel(arch, opts.seed);
    const seen: ExtractProgress[] = [];
    const keeper = await inMemory();
    const done = await extract(model, keeper, (p) => seen.push(p));
    expect(done).toBe(true);
    const [train, val] = keeper.splits();
    expect([train!.images.length, val!.images.length]).toEqual([20 * per, 7 * 1280]);
    expect(seen.at(-1)).toMatchObject({ done: 27, total: 27 });
    const { head, result: fast } = await trainHead(model, keeper);
    expect(fast.epochs).toHaveLength(3);
    for (const [i, e] of slow.epochs.entries()) {
      for (const key of ['loss', 'accuracy', 'valLoss', 'valAccuracy'] as const)
        expect(fast.epochs[i]![key], `epoch ${e.epoch} ${key}`).toBeCloseTo(e[key], 5);
    }
    // The whole model, base and trained head, is what the run keeps.
    putHead(model, head, plan);
    const a = whole.getWeights().map((w) => Array.from(w.dataSync()));
    const b = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(b.length).toBe(a.length);
    const worst = a.reduce((m, w, i) => w.reduce((n, x, j) => Math.max(n, Math.abs(x - b[i]![j]!)), m), 0);
    expect(worst).toBeLessThan(1e-5);
    whole.dispose();
    model.dispose();
    head.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 60_000);

  it('the head trains to the very same losses on features kept on disk as on features in memory', async () => {
    const tensors = tf.memory().numTensors;
    const run = async (keeper: FeatureKeeper) => {
      const model = buildModel(arch, opts.seed);
      await extract(model, keeper, () => {});
      const { head, result } = await trainHead(model, keeper);
      model.dispose();
      head.dispose();
      return result.epochs.map(({ loss, accuracy, valLoss, valAccuracy }) => [loss, accuracy, valLoss, valAccuracy]);
    };
    const memory = await run(await inMemory());
    const store = memorySpillStore();
    // The threshold lowered to one byte: auto keeps these 27 images' features (138 KB) on disk.
    const keeper = await keepFeatures([20, 7], [data.train.labels, data.val.labels], per, 'auto', { store, from: 1 });
    expect(keeper.where).toBe('disk');
    const disk = await run(keeper);
    expect(store.bytes()!.length).toBe(27 * per * 4);
    expect(keeper.splits()[0]!.images.length).toBe(0); // nothing of them in memory
    expect(disk).toEqual(memory);
    await keeper.close();
    expect(store.bytes()).toBeNull();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 60_000);

  it('stops when cancelled, keeping nothing', async () => {
    const model = buildModel(arch, 1);
    const tensors = tf.memory().numTensors;
    const control = new JobControl();
    let calls = 0;
    const keeper = await inMemory();
    const out = await extractFeatures(model, plan, [data.train, data.val], data.geometry, 1, control, keeper, () => {
      if (++calls === 2) control.stop();
    });
    expect(out).toBe(false);
    expect(calls).toBe(2);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });
});
