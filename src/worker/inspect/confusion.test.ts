import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { JobControl } from '../control';
import { syntheticSplit } from '../test-data';
import { confusionOf } from './confusion';
import { conv, tinyModel } from './test-models';
import { predictImage } from './predict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const model3 = () => tinyModel([conv(3), { type: 'Flatten' }, { type: 'Dense', units: 3, activation: 'softmax' }]);

describe('confusionOf', () => {
  test('counts sum to the split size, cells list their images, and agree with one-image predictions', async () => {
    const model = model3();
    const split = syntheticSplit(23, 8, 3, 5);
    const before = tf.memory().numTensors;
    const r = (await confusionOf(model, { split, scale: 1 / 255, numClasses: 3, batchSize: 5, topWrong: 4 }))!;
    expect(tf.memory().numTensors).toBe(before);
    expect(r.matrix.reduce((a, b) => a + b, 0)).toBe(23);
    expect(r.cells.map((c) => c.length)).toEqual(Array.from(r.matrix));
    for (let cell = 0; cell < 9; cell++)
      for (const index of r.cells[cell]!) {
        const pixels = split.images.subarray(index * 64, (index + 1) * 64);
        expect(split.labels[index]).toBe(Math.floor(cell / 3));
        expect((await predictImage(model, { pixels, scale: 1 / 255 })).predicted).toBe(cell % 3);
      }
    const diag = [0, 4, 8].reduce((s, k) => s + r.matrix[k]!, 0);
    expect(r.accuracy).toBeCloseTo(diag / 23, 9);
    r.recall.forEach((v, c) =>
      expect(v).toBeCloseTo(r.matrix[c * 4]! / (r.matrix[c * 3]! + r.matrix[c * 3 + 1]! + r.matrix[c * 3 + 2]!), 9),
    );
    model.dispose();
  });

  test('the most confidently wrong images come first and are really wrong', async () => {
    const model = model3();
    const split = syntheticSplit(30, 8, 3, 6);
    const r = (await confusionOf(model, { split, scale: 1 / 255, numClasses: 3, batchSize: 7, topWrong: 5 }))!;
    const wrongTotal = 30 - [0, 4, 8].reduce((s, k) => s + r.matrix[k]!, 0);
    expect(r.wrong).toHaveLength(Math.min(5, wrongTotal));
    r.wrong.forEach((w, i) => {
      expect(w.predicted).not.toBe(w.trueClass);
      expect(split.labels[w.index]).toBe(w.trueClass);
      if (i > 0) expect(w.confidence).toBeLessThanOrEqual(r.wrong[i - 1]!.confidence);
    });
    model.dispose();
  });

  test('precision of a class nobody predicts is null, not NaN; one sigmoid unit counts as two classes', async () => {
    const model = tinyModel(
      [conv(2), { type: 'Flatten' }, { type: 'Dense', units: 1, activation: 'sigmoid' }],
      undefined,
      2,
    );
    // Bias the output hard towards class 1: every image predicted 1.
    tf.tidy(() => model.layers[2]!.setWeights([tf.zeros(model.layers[2]!.getWeights()[0]!.shape), tf.tensor1d([10])]));
    const split = syntheticSplit(10, 8, 2, 7);
    const r = (await confusionOf(model, { split, scale: 1 / 255, numClasses: 2 }))!;
    expect(Array.from(r.matrix)).toEqual([0, 5, 0, 5]);
    expect(r.precision).toEqual([null, 0.5]);
    expect(r.recall).toEqual([0, 1]);
    model.dispose();
  });

  test('a stopped job returns null; a model with the wrong number of classes is a clear error', async () => {
    const model = model3();
    const control = new JobControl();
    control.stop();
    expect(
      await confusionOf(model, { split: syntheticSplit(8, 8, 3, 1), scale: 1, numClasses: 3 }, control),
    ).toBeNull();
    const before = tf.memory().numTensors;
    await expect(confusionOf(model, { split: syntheticSplit(8, 8, 3, 1), scale: 1, numClasses: 4 })).rejects.toThrow(
      /outputs 3 classes; the dataset has 4/,
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
