// A batch run in pieces must make the update the whole batch makes: same loss,
// same correct count, same weights after, for each optimizer; and hold no tensor after.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel, trainableVariables } from './model/build';
import { withId, type Architecture, type LayerConfig } from '../model/layers';
import { makeBatchPieces } from './batches';
import { makeOptimizer } from './optimizers';
import { disposePieces, trainStep } from './train-step';
import { syntheticData } from './test-data';
import type { OptimizerName } from '../model/training';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const arch = (last: LayerConfig): Architecture => ({
  input: { height: 8, width: 8, channels: 1 },
  numClasses: last.type === 'Dense' && last.units === 1 ? 2 : 3,
  layers: [
    { type: 'Conv2D', filters: 4, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
    { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' },
    { type: 'Flatten' },
    { type: 'Dense', units: 6, activation: 'relu' },
    last,
  ].map((l) => withId(l as LayerConfig)),
});

/** Two steps on the same batches, whole or `pieceSize` at a time: losses, correct counts and the weights after. */
async function twoSteps(a: Architecture, optimizerName: OptimizerName, pieceSize: number | null, batchSize = 10) {
  const data = syntheticData({ train: 2 * batchSize, val: 4, numClasses: a.numClasses });
  const model = buildModel(a, 3);
  const optimizer = makeOptimizer(optimizerName, 0.01);
  const vars = trainableVariables(model);
  const seen: { loss: number; correct: number }[] = [];
  for (let b = 0; b < 2; b++) {
    const pieces = tf.tidy(() =>
      makeBatchPieces(data.train, data.geometry, null, b * batchSize, batchSize, 1 / 255, pieceSize),
    );
    expect(pieces.map((p) => p.x.shape[0]).reduce((x, y) => x + y)).toBe(batchSize);
    const [cost, right] = trainStep(
      model,
      optimizer,
      vars,
      pieces,
      a.numClasses === 2 ? 'binary_crossentropy' : 'sparse_categorical_crossentropy',
    );
    seen.push({ loss: (await cost.data())[0]!, correct: (await right.data())[0]! });
    tf.dispose([cost, right]);
    disposePieces(pieces);
  }
  const weights = await Promise.all(vars.map(async (v) => Array.from(await v.data())));
  optimizer.dispose();
  model.dispose();
  return { seen, weights };
}

const softmax: LayerConfig = { type: 'Dense', units: 3, activation: 'softmax' };
const sigmoid: LayerConfig = { type: 'Dense', units: 1, activation: 'sigmoid' };

describe('trainStep in pieces', () => {
  for (const [name, last] of [
    ['softmax', softmax],
    ['sigmoid', sigmoid],
  ] as const) {
    for (const optimizer of ['rmsprop', 'adam', 'sgd'] as const) {
      test(`${name}, ${optimizer}: pieces of 4, 4 and 2 make the whole batch's update`, async () => {
        const whole = await twoSteps(arch(last), optimizer, null);
        const pieces = await twoSteps(arch(last), optimizer, 4);
        for (const [i, s] of whole.seen.entries()) {
          expect(pieces.seen[i]!.loss).toBeCloseTo(s.loss, 5);
          expect(pieces.seen[i]!.correct).toBe(s.correct);
        }
        // The second step's loss is on updated weights: it only matches if the first update did.
        expect(whole.seen[1]!.loss).not.toBeCloseTo(whole.seen[0]!.loss, 3);
        for (const [v, values] of whole.weights.entries()) {
          const got = pieces.weights[v]!;
          const worst = Math.max(...values.map((x, k) => Math.abs(x - got[k]!)));
          expect(worst).toBeLessThan(1e-5);
        }
      });
    }
  }

  test('uneven pieces (a last batch of 7 in pieces of 3) give the same loss as the whole batch', async () => {
    const whole = await twoSteps(arch(softmax), 'adam', null, 7);
    const pieces = await twoSteps(arch(softmax), 'adam', 3, 7);
    expect(pieces.seen[0]!.loss).toBeCloseTo(whole.seen[0]!.loss, 5);
    expect(pieces.seen[1]!.loss).toBeCloseTo(whole.seen[1]!.loss, 5);
  });

  test('leaves no tensor behind, in pieces or whole', async () => {
    await twoSteps(arch(softmax), 'rmsprop', 4); // the first run creates the backend's own tensors
    for (const size of [4, 1, null]) {
      const before = tf.memory().numTensors;
      await twoSteps(arch(softmax), 'rmsprop', size);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
