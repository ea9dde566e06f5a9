import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Padding } from '../../model/layers';
import { explainPool } from '../../model/explain-pool';
import { poolExplainData } from './pool-explain';
import { conv, randomImage, tinyModel } from './test-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cases: [Padding, number, number, number][] = [
  ['valid', 2, 2, 9], // the textbook's 2x2 / 2, with an odd input: the last row and column are dropped
  ['valid', 3, 2, 9],
  ['valid', 2, 1, 8],
  ['same', 2, 2, 9],
  ['same', 3, 2, 8],
  ['same', 3, 1, 7],
];

describe('poolExplainData + explainPool', () => {
  test.each(cases)(
    "%s padding, pool %i, stride %i, %i wide: every window's maximum equals the layer and tfjs maxPool",
    async (padding, pool, stride, size) => {
      const model = tinyModel(
        [
          conv(3, { padding: 'same', activation: 'linear' }),
          { type: 'MaxPooling2D', poolSize: [pool, pool], strides: [stride, stride], padding },
          { type: 'Flatten' },
          { type: 'Dense', units: 3, activation: 'softmax' },
        ],
        { height: size, width: size, channels: 1 },
      );
      const before = tf.memory().numTensors;
      const data = await poolExplainData(model, {
        pixels: randomImage(size, size, 1, size),
        scale: 1 / 255,
        layer: 'max_pooling2d',
        channel: 1,
        row: 0,
        col: 0,
      });
      expect(tf.memory().numTensors).toBe(before);
      const reference = tf.tidy(() =>
        Array.from(tf.maxPool(tf.tensor4d(data.input, [1, size, size, 1]), pool, stride, padding).dataSync()),
      );
      const expected = padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - pool) / stride) + 1;
      expect([data.outHeight, data.outWidth]).toEqual([expected, expected]);
      expect(data.reason).toContain(`= ${expected}`);
      for (let r = 0; r < data.outHeight; r++)
        for (let c = 0; c < data.outWidth; c++) {
          const step = explainPool(data.input, data.geometry, r, c);
          expect(step.value).toBe(data.output[r * data.outWidth + c]);
          expect(step.value).toBe(reference[r * data.outWidth + c]);
          expect(data.input[step.maxRow * size + step.maxCol]).toBe(step.value);
        }
      model.dispose();
    },
  );

  test('the default strides are the pool size, and a missing channel is a clear error', async () => {
    const model = tinyModel([
      conv(2),
      { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' },
      { type: 'Flatten' },
      { type: 'Dense', units: 3, activation: 'softmax' },
    ]);
    const data = await poolExplainData(model, {
      pixels: randomImage(8, 8, 1),
      scale: 1 / 255,
      layer: 'max_pooling2d',
      channel: 0,
    });
    expect(data.geometry.strides).toEqual([2, 2]);
    expect(data.reason).toBe('height: floor((6 - 2) / 2) + 1 = 3; width: floor((6 - 2) / 2) + 1 = 3');
    const before = tf.memory().numTensors;
    await expect(
      poolExplainData(model, { pixels: randomImage(8, 8, 1), scale: 1, layer: 'max_pooling2d', channel: 2 }),
    ).rejects.toThrow(/channels 0 to 1/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
