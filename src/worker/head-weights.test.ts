// Fine-tuning from a feature-extraction run: its model (frozen base + head, no augmentation) and the fine-tuning
// model (augmentation + base training from a late layer + the same head) share the head by name and shape.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLayer, withId, type Architecture, type LayerConfig } from '../model/layers';
import { buildModel } from './model/build';
import { headLayers, restoreHead } from './head-weights';
import { snapshotWeights } from './trainer';
import { FailureError } from './questions';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base = (fineTuneFrom: string | null): LayerConfig => ({
  type: 'Base',
  base: 'mobilenet_v2',
  alpha: 0.35,
  fineTuneFrom,
});
const head = (units: number): LayerConfig[] => [
  { type: 'GlobalAveragePooling2D' },
  { type: 'Dropout', rate: 0.2 },
  { type: 'Dense', units, activation: units === 1 ? 'sigmoid' : 'softmax' },
];
const arch = (layers: LayerConfig[], units = 1): Architecture => ({
  input: { height: 32, width: 32, channels: 3 },
  numClasses: units === 1 ? 2 : units,
  layers: layers.map((l) => withId(l)),
});
const features = arch([base(null), ...head(1)]);
const augment: LayerConfig[] = [defaultLayer('RandomFlip'), defaultLayer('RandomRotation')];
const values = async (layers: tf.layers.Layer[]) =>
  Promise.all(layers.flatMap((l) => l.getWeights().map(async (w) => Array.from(await w.data()))));

describe('restoreHead', () => {
  it("puts the feature-extraction run's classifier into the fine-tuning model; the base keeps its own weights", async () => {
    const trained = buildModel(features, 1);
    const checkpoint = { runId: 'features', which: 'best' as const, epoch: 2, valLoss: 0.5 };
    const tensors = await snapshotWeights(trained);
    const tuned = buildModel(arch([...augment, base('Conv_1'), ...head(1)]), 2);
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
    const other = buildModel(arch([...augment, base('Conv_1'), ...head(3)], 3), 2);
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
