import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildModel } from '../model/build';
import { findPreset } from '../../model/presets';
import { kernelsOf } from './kernels';
import { conv, tinyModel } from './test-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('kernelsOf', () => {
  test('mnist-convnet: 32 filters of 3x3x1 in conv2d, 64 of 3x3x32 in conv2d_1, with their biases and range', async () => {
    const model = buildModel(findPreset('mnist-convnet')!.build());
    const before = tf.memory().numTensors;
    const first = await kernelsOf(model, { layer: 'conv2d' });
    const second = await kernelsOf(model, { layer: 'conv2d_1' });
    expect(tf.memory().numTensors).toBe(before);
    expect([first.kind, first.count, first.height, first.width, first.channels]).toEqual(['conv', 32, 3, 3, 1]);
    expect([second.count, second.height, second.width, second.channels]).toEqual([64, 3, 3, 32]);
    expect(first.values).toHaveLength(32 * 9);
    expect(second.values).toHaveLength(64 * 9 * 32);
    expect(second.bias).toHaveLength(64);
    expect(first.min).toBeLessThan(0);
    expect(first.max).toBeGreaterThan(0);
    expect(Math.min(...first.values)).toBe(first.min);
    model.dispose();
  });

  test('filter f is the tfjs kernel[:, :, :, f], in kh x kw x Cin order', async () => {
    const model = tinyModel([conv(4), { type: 'Flatten' }, { type: 'Dense', units: 3, activation: 'softmax' }], {
      height: 6,
      width: 6,
      channels: 3,
    });
    const set = await kernelsOf(model, { layer: 'conv2d' });
    const kernel = model.layers[0]!.getWeights()[0]!.arraySync() as number[][][][];
    const size = 3 * 3 * 3;
    for (let f = 0; f < 4; f++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++)
          for (let c = 0; c < 3; c++)
            expect(set.values[f * size + (i * 3 + j) * 3 + c]).toBeCloseTo(kernel[i]![j]![c]![f]!, 6);
    model.dispose();
  });

  test('mnist-dense: each of the 512 units of the first Dense layer as a 28x28x1 image', async () => {
    const model = buildModel(findPreset('mnist-dense')!.build());
    const set = await kernelsOf(model, { layer: 'dense' });
    expect([set.kind, set.count, set.height, set.width, set.channels]).toEqual(['dense-image', 512, 28, 28, 1]);
    // Unit 5's weight for pixel (row 3, col 7) is kernel[3 * 28 + 7, 5].
    const kernel = model.layers[1]!.getWeights()[0]!;
    const w = tf.tidy(() => kernel.slice([3 * 28 + 7, 5], [1, 1]).dataSync()[0]!);
    expect(set.values[5 * 784 + 3 * 28 + 7]).toBeCloseTo(w, 6);
    await expect(kernelsOf(model, { layer: 'dense_1' })).rejects.toThrow(
      /Conv2D layers and for a Dense layer that reads the image/,
    );
    model.dispose();
  });

  test('a layer that is not there, or has no kernels, gets a clear error', async () => {
    const model = buildModel(findPreset('mnist-convnet')!.build());
    await expect(kernelsOf(model, { layer: 'conv2d_9' })).rejects.toThrow(/no layer "conv2d_9".*conv2d, max_pooling2d/);
    await expect(kernelsOf(model, { layer: 'max_pooling2d' })).rejects.toThrow(/MaxPooling2D layer/);
    model.dispose();
  });
});
