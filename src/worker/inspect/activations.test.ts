import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel } from '../model/build';
import { findPreset } from '../../model/presets';
import { pixelScale } from '../../model/training';
import { activationsOf } from './activations';
import { randomImage } from './test-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('activationsOf', () => {
  const arch = findPreset('mnist-convnet')!.build();
  const image = randomImage(28, 28, 1);

  test('every layer, with its Keras name, shape and channel count; the last one equals model.predict', async () => {
    const model = buildModel(arch);
    const before = tf.memory().numTensors;
    const layers = await activationsOf(model, { pixels: image, scale: pixelScale(arch) });
    expect(tf.memory().numTensors).toBe(before);
    expect(layers.map((l) => l.name)).toEqual([
      'conv2d',
      'max_pooling2d',
      'conv2d_1',
      'max_pooling2d_1',
      'conv2d_2',
      'flatten',
      'dense',
    ]);
    expect(layers.map((l) => l.channels)).toEqual([32, 32, 64, 64, 128, 1152, 10]);
    expect(layers[0]!.shape).toEqual([null, 26, 26, 32]);
    expect(layers[0]!.values).toHaveLength(32 * 26 * 26);
    const predicted = tf.tidy(() =>
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
    Array.from(layers[6]!.values).forEach((v, i) => expect(v).toBeCloseTo(predicted[i]!, 5));
    model.dispose();
  });

  test('channel-major maps with per-channel min/max; a page of channels matches the full layer', async () => {
    const model = buildModel(arch);
    const [full] = await activationsOf(model, { pixels: image, scale: 1 / 255, layers: ['conv2d'] });
    const [page] = await activationsOf(model, {
      pixels: image,
      scale: 1 / 255,
      layers: ['conv2d'],
      channelOffset: 8,
      channelLimit: 4,
    });
    const map = 26 * 26;
    expect([page!.channelOffset, page!.returned, page!.channels]).toEqual([8, 4, 32]);
    expect(page!.values).toEqual(full!.values.slice(8 * map, 12 * map));
    const c9 = full!.values.subarray(9 * map, 10 * map);
    expect(full!.min[9]).toBe(Math.min(...c9));
    expect(full!.max[9]).toBe(Math.max(...c9));
    // Channel 9 at (row 2, col 5) is the NHWC output's [0, 2, 5, 9].
    const direct = tf.tidy(
      () =>
        (
          model.layers[0]!.apply(
            tf.tensor4d(
              Float32Array.from(image, (v) => v / 255),
              [1, 28, 28, 1],
            ),
          ) as tf.Tensor
        )
          .slice([0, 2, 5, 9], [1, 1, 1, 1])
          .dataSync()[0]!,
    );
    expect(c9[2 * 26 + 5]).toBeCloseTo(direct, 6);
    const [end] = await activationsOf(model, {
      pixels: image,
      scale: 1 / 255,
      layers: ['conv2d'],
      channelOffset: 30,
      channelLimit: 8,
    });
    expect(end!.returned).toBe(2);
    model.dispose();
  });

  test('a wrong image size or layer name is a clear error, and leaks nothing', async () => {
    const model = buildModel(arch);
    const before = tf.memory().numTensors;
    await expect(activationsOf(model, { pixels: new Uint8Array(10), scale: 1 })).rejects.toThrow(/28x28x1/);
    await expect(activationsOf(model, { pixels: image, scale: 1, layers: ['nope'] })).rejects.toThrow(
      /no layer "nope"/,
    );
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
