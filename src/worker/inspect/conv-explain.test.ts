import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Padding } from '../../model/layers';
import { explainConv } from '../../model/explain-conv';
import { convExplainData } from './conv-explain';
import { conv, randomImage, tinyModel } from './test-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const cases: [Padding, number, number, number][] = [];
for (const padding of ['valid', 'same'] as Padding[])
  for (const stride of [1, 2])
    for (const channels of [1, 3])
      // 6 (even) and 7 (odd) wide: with `same` and stride 2, 6 pads only at the bottom/right, 7 on both sides.
      for (const size of [6, 7]) cases.push([padding, stride, channels, size]);

describe('convExplainData + explainConv', () => {
  test.each(cases)(
    '%s padding, stride %i, %i input channel(s), %i wide input: every position equals the layer and a tfjs conv2d',
    async (padding, stride, channels, size) => {
      const model = tinyModel(
        [
          conv(3, { padding, strides: [stride, stride] }),
          { type: 'Flatten' },
          { type: 'Dense', units: 3, activation: 'softmax' },
        ],
        { height: size, width: size, channels },
      );
      const image = randomImage(size, size, channels, size * 10 + channels);
      const before = tf.memory().numTensors;
      const data = await convExplainData(model, {
        pixels: image,
        scale: 1 / 255,
        layer: 'conv2d',
        filter: 2,
        row: 1,
        col: 1,
      });
      expect(tf.memory().numTensors).toBe(before);
      // An independent tfjs convolution on the same input and kernel.
      const reference = tf.tidy(() => {
        const x = tf.tensor4d(data.input, [1, size, size, channels]);
        const w = tf.tensor4d(data.kernel, [3, 3, channels, 1]);
        return Array.from(tf.relu(tf.add(tf.conv2d(x, w, stride, padding), data.bias)).dataSync());
      });
      const expected = padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - 3) / stride) + 1;
      expect([data.outHeight, data.outWidth]).toEqual([expected, expected]);
      expect(data.output).toHaveLength(expected * expected);
      for (let r = 0; r < data.outHeight; r++)
        for (let c = 0; c < data.outWidth; c++) {
          const step = explainConv(data.input, data.geometry, data.kernel, data.bias, data.activation, r, c);
          expect(step.output!).toBeCloseTo(data.output[r * data.outWidth + c]!, 5);
          expect(step.output!).toBeCloseTo(reference[r * data.outWidth + c]!, 5);
          expect(step.channelSums).toHaveLength(channels);
        }
      expect(data.at!.value).toBe(data.output[1 * data.outWidth + 1]);
      expect(data.at!.step.output!).toBeCloseTo(data.at!.value, 5);
      model.dispose();
    },
  );

  test("a second Conv2D layer explains from the first layer's output (4 channels in)", async () => {
    const model = tinyModel(
      [
        conv(4),
        conv(2, { activation: 'linear' }),
        { type: 'Flatten' },
        { type: 'Dense', units: 3, activation: 'softmax' },
      ],
      { height: 8, width: 8, channels: 1 },
    );
    const image = randomImage(8, 8, 1);
    const data = await convExplainData(model, { pixels: image, scale: 1 / 255, layer: 'conv2d_1', filter: 1 });
    expect(data.geometry).toMatchObject({ inHeight: 6, inWidth: 6, inChannels: 4 });
    const firstOut = tf.tidy(() =>
      Array.from(
        (
          model.layers[0]!.apply(
            tf.tensor4d(
              Float32Array.from(image, (v) => v / 255),
              [1, 8, 8, 1],
            ),
          ) as tf.Tensor
        ).dataSync(),
      ),
    );
    Array.from(data.input).forEach((v, i) => expect(v).toBeCloseTo(firstOut[i]!, 6));
    const step = explainConv(data.input, data.geometry, data.kernel, data.bias, data.activation, 3, 2);
    expect(step.output!).toBeCloseTo(data.output[3 * 4 + 2]!, 5);
    model.dispose();
  });

  test('asking for a filter the layer lacks, or a layer that is not Conv2D, is a clear error', async () => {
    const model = tinyModel([
      conv(3),
      { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' },
      { type: 'Flatten' },
      { type: 'Dense', units: 3, activation: 'softmax' },
    ]);
    const before = tf.memory().numTensors;
    await expect(
      convExplainData(model, { pixels: randomImage(8, 8, 1), scale: 1, layer: 'conv2d', filter: 3 }),
    ).rejects.toThrow(/filters 0 to 2/);
    await expect(
      convExplainData(model, { pixels: randomImage(8, 8, 1), scale: 1, layer: 'max_pooling2d', filter: 0 }),
    ).rejects.toThrow(/not Conv2D/);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
