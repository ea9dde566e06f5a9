import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel } from '../model/build';
import { findPreset } from '../../model/presets';
import { predictImage } from './predict';
import { conv, randomImage, tinyModel } from './test-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

describe('predictImage', () => {
  test('mnist-convnet: ten probabilities summing to 1, the predicted class is the largest, equal to model.predict', async () => {
    const model = buildModel(findPreset('mnist-convnet')!.build());
    const image = randomImage(28, 28, 1);
    const before = tf.memory().numTensors;
    const p = await predictImage(model, { pixels: image, scale: 1 / 255 });
    expect(tf.memory().numTensors).toBe(before);
    expect(p.probabilities).toHaveLength(10);
    expect(sum(p.probabilities)).toBeCloseTo(1, 5);
    expect(p.sigmoid).toBe(false);
    expect(p.probabilities[p.predicted]).toBe(Math.max(...p.probabilities));
    const direct = tf.tidy(() =>
      Array.from(
        (
          model.predict(
            tf.tensor4d(
              Float32Array.from(image, (v) => v / 255),
              [1, 28, 28, 1],
            ),
          ) as tf.Tensor
        ).dataSync(),
      ),
    );
    Array.from(p.probabilities).forEach((v, i) => expect(v).toBeCloseTo(direct[i]!, 6));
    model.dispose();
  });

  test('one sigmoid unit (cats vs dogs) becomes [1 - p, p]', async () => {
    const model = tinyModel(
      [conv(2), { type: 'Flatten' }, { type: 'Dense', units: 1, activation: 'sigmoid' }],
      { height: 8, width: 8, channels: 3 },
      2,
    );
    const image = randomImage(8, 8, 3);
    const p = await predictImage(model, { pixels: image, scale: 1 / 255 });
    const raw = tf.tidy(
      () =>
        (
          model.predict(
            tf.tensor4d(
              Float32Array.from(image, (v) => v / 255),
              [1, 8, 8, 3],
            ),
          ) as tf.Tensor
        ).dataSync()[0]!,
    );
    expect(p.sigmoid).toBe(true);
    expect(p.probabilities[1]).toBeCloseTo(raw, 6);
    expect(p.probabilities[0]).toBeCloseTo(1 - raw, 6);
    expect(sum(p.probabilities)).toBeCloseTo(1, 6);
    expect(p.predicted).toBe(raw > 0.5 ? 1 : 0);
    model.dispose();
  });
});
