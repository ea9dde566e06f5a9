// Fine-tuning after feature extraction through the train service: the fine-tuning run (augmentation, the base
// training from its last block) starts from the feature-extraction run's kept classifier, matched by name, and
// the base from the kept ImageNet file; a classifier of another shape fails the run saying which weight. And an
// imported model with a base, fine-tuned from another layer than it was saved with, starts from all its weights,
// each by name and shape (once the base trains, tfjs lists the weights in another order: by position it failed).
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageDataset, SplitData } from '../data/types';
import type { BaseNeed } from '../model/base-files';
import { defaultLayer, type Architecture } from '../model/layers';
import { keptBaseWeights } from './base-files/load';
import { memoryCheckpoints } from './checkpoints';
import { baseFixtureFile } from './h5/base-fixture';
import { buildModel } from './model/build';
import type { TrainRequest } from './protocol';
import { createTrainService } from './service';
import { baseEntries } from './service-bases';
import { mobileNetArch, syntheticSplit } from './test-data';

// At 32x32 (Keras' least; 9 times fewer pixels than 96) MobileNetV2 takes the 224 file's weights.
const SIZE = 32;
const NEED: BaseNeed = { ref: { base: 'mobilenet_v2', alpha: 0.35 }, rows: 224 };
const NAME = 'mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_224_no_top.h5';

/** syntheticSplit's grey images as colour (each grey value in all three channels). */
const colour = (count: number, seed: number): SplitData => {
  const grey = syntheticSplit(count, SIZE, 2, seed);
  return { ...grey, images: Uint8Array.from({ length: grey.images.length * 3 }, (_, i) => grey.images[(i / 3) | 0]!) };
};
const dataset: ImageDataset = {
  id: 'colour',
  name: 'Colour',
  source: 'builtin',
  classNames: ['a', 'b'],
  height: SIZE,
  width: SIZE,
  channels: 3,
  train: colour(8, 1),
  val: colour(4, 2),
  test: colour(4, 3),
};
const request = (runId: string, a: Architecture, o: Partial<TrainRequest> = {}): TrainRequest => ({
  runId,
  arch: a,
  loss: 'binary_crossentropy',
  datasetId: 'colour',
  settings: { epochs: 1, batchSize: 4, learningRate: 0.01, optimizer: 'rmsprop', backend: 'cpu', seed: 1, patience: 0 },
  ...o,
});
const job = (jobId: string) => ({ jobId, ticket: true as const });
/** `arch` with its base trainable from `from`. */
const fineTunedFrom = (arch: Architecture, from: string): Architecture => ({
  ...arch,
  layers: arch.layers.map((l) => (l.type === 'Base' ? { ...l, fineTuneFrom: from } : l)),
});

/** A service holding run 'fe': the MobileNetV2 base frozen, its head trained one epoch. */
async function featureRun() {
  const service = createTrainService({ checkpoints: memoryCheckpoints(), batchEventIntervalMs: 0 });
  await service.setDataset(dataset);
  const features = mobileNetArch(SIZE, null);
  expect(await service.train(request('fe', features), () => {}, job('j1'))).toMatchObject({ end: 'done' });
  return { service, features };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  const added = await baseEntries().addBaseFile(
    { name: NAME, blob: new Blob([(await baseFixtureFile(NEED.ref)) as Uint8Array<ArrayBuffer>]) },
    NEED,
  );
  expect(added.ok).toBe(true);
});
afterAll(async () => {
  await baseEntries().removeBaseFile(NAME);
});

describe("a fine-tuning run starting from a feature-extraction run's classifier", () => {
  it('takes its trained head by name, the base from the kept file, and trains the last block at RMSprop 1e-5', async () => {
    const { service } = await featureRun();
    const tuning = mobileNetArch(SIZE, 'block_16_expand', { before: [defaultLayer('RandomFlip')] });
    const tuned = await service.train(
      request('ft', tuning, {
        settings: { ...request('ft', tuning).settings, learningRate: 1e-5 },
        initialWeights: { runId: 'fe', which: 'best', layers: 'head' },
      }),
      () => {},
      job('j2'),
    );
    expect(tuned).toMatchObject({ end: 'done' });
    const named = async (runId: string, name: string) =>
      Array.from((await service.getWeights(runId, 'last'))!.tensors.find((t) => t.name === name)!.values);
    const from = await named('fe', 'dense/kernel');
    const after = await named('ft', 'dense/kernel');
    // Two RMSprop steps of 1e-5 move a weight by about 6e-5 at most: it went on from run 2's head...
    after.forEach((x, i) => expect(Math.abs(x - from[i]!)).toBeLessThan(1e-3));
    // ...not from the fresh head the fine-tuning model is built with (Glorot values around 0.05).
    const fresh = buildModel(tuning, 1);
    const init = Array.from(fresh.layers.at(-1)!.getWeights()[0]!.dataSync());
    fresh.dispose();
    expect(Math.max(...after.map((x, i) => Math.abs(x - init[i]!)))).toBeGreaterThan(1e-2);
    // The frozen part of the base is the kept file's, untouched.
    expect(await named('ft', 'Conv1/kernel')).toEqual(
      Array.from((await keptBaseWeights(NEED))![0]!.weights[0]!.values),
    );
  }, 120_000);

  it('fails, naming the weight, when the classifier has another shape', async () => {
    const { service } = await featureRun();
    const other = mobileNetArch(SIZE, 'block_16_expand', { units: 2 });
    const outcome = await service.train(
      request('ft', other, {
        loss: 'sparse_categorical_crossentropy',
        initialWeights: { runId: 'fe', which: 'best', layers: 'head' },
      }),
      () => {},
      job('j2'),
    );
    expect(outcome).toMatchObject({
      end: 'failed',
      failure: { message: expect.stringContaining('dense/kernel is 1280x1, not 1280x2') },
    });
  }, 120_000);
});

describe('an imported model with a pretrained base, fine-tuned from another layer', () => {
  it('trains from every imported weight, each found by name, though the base now trains from block_16_expand', async () => {
    const { service, features } = await featureRun();
    const exported = await service.exportModel({
      runId: 'fe',
      which: 'best',
      arch: features,
      stripAugmentation: false,
      zip: true,
      stem: 'fe',
    });
    if (!exported.ok) throw new Error(exported.failure.message);
    const imported = await service.importModel('imported', exported.value);
    if (!imported.ok) throw new Error(imported.failure.message);

    const tuning = fineTunedFrom(imported.value.arch, 'block_16_expand');
    const tensors = tf.memory().numTensors;
    const outcome = await service.train(
      request('ft', tuning, {
        settings: { ...request('ft', tuning).settings, learningRate: 1e-5 },
        initialWeights: { runId: 'imported', which: 'best' },
      }),
      () => {},
      job('j2'),
    );
    expect(outcome).toMatchObject({ end: 'done' });
    expect(tf.memory().numTensors).toBe(tensors);
    const weight = async (runId: string, name: string) =>
      Array.from((await service.getWeights(runId, 'last'))!.tensors.find((t) => t.name === name)!.values);
    // The frozen part of the base is the imported one, untouched; the trained parts went on from it (two RMSprop
    // steps of 1e-5 move a weight by about 6e-5 at most).
    expect(await weight('ft', 'Conv1/kernel')).toEqual(await weight('imported', 'Conv1/kernel'));
    for (const name of ['dense/kernel', 'block_16_expand/kernel']) {
      const from = await weight('imported', name);
      (await weight('ft', name)).forEach((x, i) => expect(Math.abs(x - from[i]!)).toBeLessThan(1e-3));
    }
  }, 120_000);

  it('fails, naming the weight that does not fit, and keeps nothing for the run', async () => {
    const { service } = await featureRun();
    const other = fineTunedFrom(mobileNetArch(SIZE, null, { units: 2 }), 'block_16_expand');
    const outcome = await service.train(
      request('bad', other, {
        loss: 'sparse_categorical_crossentropy',
        initialWeights: { runId: 'fe', which: 'best' },
      }),
      () => {},
      job('j2'),
    );
    expect(outcome).toMatchObject({
      end: 'failed',
      failure: {
        message:
          'The kept weights do not fit this architecture: dense/kernel is 1280x1, not 1280x2; dense/bias is 1, not 2.',
      },
    });
    expect(await service.getWeights('bad', 'last')).toBeNull();
  }, 120_000);
});
