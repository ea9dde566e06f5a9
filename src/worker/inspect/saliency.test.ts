import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { saliencyOf } from './saliency';
import { conv, randomImage, tinyModel } from './test-models';
import { predictImage } from './predict';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const layers = [
  conv(4, { activation: 'tanh' }),
  { type: 'MaxPooling2D' as const, poolSize: [2, 2] as [number, number], strides: null, padding: 'valid' as const },
  conv(4, { activation: 'tanh' }),
  { type: 'Flatten' as const },
  { type: 'Dense' as const, units: 3, activation: 'softmax' as const },
];

describe('saliencyOf', () => {
  test.each(['saliency', 'grad-cam'] as const)(
    '%s: an H x W map in [0, 1] reaching 1, for the predicted class, leaking no tensors',
    async (method) => {
      const model = tinyModel(layers, { height: 12, width: 10, channels: 3 });
      const image = randomImage(12, 10, 3);
      const before = tf.memory().numTensors;
      const map = await saliencyOf(model, { pixels: image, scale: 1 / 255, method });
      expect(tf.memory().numTensors).toBe(before);
      expect([map.height, map.width]).toEqual([12, 10]);
      expect(map.values).toHaveLength(120);
      expect(Math.min(...map.values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...map.values)).toBeCloseTo(1, 6);
      expect(map.classIndex).toBe((await predictImage(model, { pixels: image, scale: 1 / 255 })).predicted);
      if (method === 'grad-cam') expect(map.layer).toBe('conv2d_1');
      model.dispose();
    },
  );

  test('saliency follows the pixels that matter: a Dense model that reads only the top-left pixel looks only there', async () => {
    const model = tinyModel(
      [{ type: 'Flatten' }, { type: 'Dense', units: 2, activation: 'softmax' }],
      { height: 4, width: 4, channels: 1 },
      2,
    );
    const kernel = new Float32Array(16 * 2);
    kernel[0] = 3; // pixel 0 -> unit 0
    tf.tidy(() => model.layers[1]!.setWeights([tf.tensor2d(kernel, [16, 2]), tf.zeros([2])]));
    const map = await saliencyOf(model, { pixels: randomImage(4, 4, 1), scale: 1 / 255, method: 'saliency' });
    expect(map.values[0]).toBe(1);
    expect(Array.from(map.values.subarray(1))).toEqual(new Array(15).fill(0));
    await expect(saliencyOf(model, { pixels: randomImage(4, 4, 1), scale: 1, method: 'grad-cam' })).rejects.toThrow(
      /needs a Conv2D layer/,
    );
    await expect(
      saliencyOf(model, { pixels: randomImage(4, 4, 1), scale: 1, method: 'saliency', classIndex: 5 }),
    ).rejects.toThrow(/no class 5/);
    model.dispose();
  });
});
