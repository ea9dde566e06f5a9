// Fine-tuning from a feature-extraction run: its model (frozen base + head, no augmentation) and the fine-tuning
// model (augmentation + base training from a late layer + the same head) share the head by name and shape.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLayer, type LayerConfig } from '../model/layers';
import { buildModel } from './model/build';
import { headLayers, restoreHead } from './head-weights';
import { snapshotWeights } from './trainer';
import { FailureError } from './questions';
import { mobileNetArch } from './test-data';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const features = mobileNetArch(32, null);
const augment: LayerConfig[] = [defaultLayer('RandomFlip'), defaultLayer('RandomRotation')];
const values = async (layers: tf.layers.Layer[]) =>
  Promise.all(layers.flatMap((l) => l.getWeights().map(async (w) => Array.from(await w.data()))));

describe('restoreHead', () => {
  it("puts the feature-extraction run's classifier into the fine-tuning model; the base keeps its own weights", async () => {
    const trained = buildModel(features, 1);
    const checkpoint = { runId: 'features', which: 'best' as const, epoch: 2, valLoss: 0.5 };
    const tensors = await snapshotWeights(trained);
    const tuned = buildModel(mobileNetArch(32, 'Conv_1', { before: augment }), 2);
    const baseBefore = await values([tuned.layers.find((l) => l instanceof tf.LayersModel)!]);
    expect(await values(headLayers(tuned))).not.toEqual(await values(headLayers(trained)));
    const before = tf.memory().numTensors;
    restoreHead(tuned, { ...checkpoint, tensors }, 'fix');
    expect(tf.memory().numTensors).toBe(before);
    expect(headLayers(tuned).map((l) => l.name)).toEqual(['global_average_pooling2d', 'dropout', 'dense']);
    expect(await values(headLayers(tuned))).toEqual(await values(headLayers(trained)));
    expect(await values([tuned.layers.find((l) => l instanceof tf.LayersModel)!])).toEqual(baseBefore);
    trained.dispose();
    tuned.dispose();
  });

  it('refuses a head of another shape, naming the weight, and changes nothing', async () => {
    const trained = buildModel(features, 1);
    const tensors = await snapshotWeights(trained);
    const other = buildModel(mobileNetArch(32, 'Conv_1', { before: augment, units: 3 }), 2);
    const before = await values(headLayers(other));
    let thrown: unknown = null;
    try {
      restoreHead(other, { runId: 'f', which: 'best', epoch: 1, valLoss: 1, tensors }, 'Train it again.');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FailureError);
    expect((thrown as FailureError).failure).toMatchObject({
      message: expect.stringContaining('dense/kernel is 1280x1, not 1280x3'),
      fix: 'Train it again.',
    });
    expect(await values(headLayers(other))).toEqual(before);
    trained.dispose();
    other.dispose();
  });
});
