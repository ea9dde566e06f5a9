import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withId, type Architecture, type LayerConfig } from '../../model/layers';
import { pixelScale } from '../../model/training';
import { buildModel } from '../model/build';
import { activationsOf } from './activations';
import { convExplainData } from './conv-explain';
import { kernelsOf } from './kernels';
import { randomImage } from './test-models';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const arch: Architecture = {
  input: { height: 32, width: 32, channels: 3 },
  numClasses: 2,
  layers: (
    [
      { type: 'RandomFlip', mode: 'horizontal' },
      { type: 'Base', base: 'mobilenet_v2', alpha: 0.35, fineTuneFrom: null },
      { type: 'GlobalAveragePooling2D' },
      { type: 'Dense', units: 1, activation: 'sigmoid' },
    ] as LayerConfig[]
  ).map((l) => withId(l)),
};
const image = randomImage(32, 32, 3);

describe("Inspect inside a pretrained base: its layers by Keras' names", () => {
  it('gives every layer of the base (not preprocess_input), then the head, with each channel mean and maximum', async () => {
    const model = buildModel(arch);
    const before = tf.memory().numTensors;
    const all = await activationsOf(model, { pixels: image, scale: pixelScale(arch), channelLimit: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const names = all.map((a) => a.name);
    expect(names.slice(0, 3)).toEqual(['random_flip', 'Conv1', 'bn_Conv1']);
    expect(names).toContain('block_2_add');
    expect(names).not.toContain('preprocess_input');
    expect(names).not.toContain('mobilenetv2_0.35_224');
    expect(names.slice(-3)).toEqual(['out_relu', 'global_average_pooling2d', 'dense']);
    expect(all).toHaveLength(1 + 153 + 2);
    for (const a of all) {
      const map = a.height * a.width;
      for (let k = 0; k < a.returned; k++) {
        const ch = a.values.subarray(k * map, (k + 1) * map);
        expect(a.mean[k]).toBeCloseTo(ch.reduce((s, v) => s + v, 0) / map, 4);
        expect(a.max[k]).toBe(Math.max(...ch));
      }
    }
    // The base's last layer is what the base gives the head.
    const out = all.find((a) => a.name === 'out_relu')!;
    expect(out.shape).toEqual([null, 1, 1, 1280]);
    model.dispose();
  });

  it('answers a request for some base layers only, and the base by its own name', async () => {
    const model = buildModel(arch);
    const some = await activationsOf(model, {
      pixels: image,
      scale: pixelScale(arch),
      layers: ['block_1_pad', 'mobilenetv2_0.35_224'],
    });
    expect(some.map((a) => [a.name, a.className, a.shape])).toEqual([
      ['block_1_pad', 'ZeroPadding2D', [null, 17, 17, 48]],
      ['mobilenetv2_0.35_224', 'Model', [null, 1, 1, 1280]],
    ]);
    await expect(activationsOf(model, { pixels: image, scale: 1, layers: ['block9_conv1'] })).rejects.toThrow(
      'The model has no layer "block9_conv1".',
    );
    model.dispose();
  });

  it("shows the base's first kernels in colour, and says the step-by-step view is for the model's own layers", async () => {
    const model = buildModel(arch);
    const k = await kernelsOf(model, { layer: 'Conv1' });
    expect([k.kind, k.count, k.height, k.width, k.channels]).toEqual(['conv', 16, 3, 3, 3]);
    await expect(convExplainData(model, { layer: 'Conv1', pixels: image, scale: 1, filter: 0 })).rejects.toThrow(
      /"Conv1" is a layer inside the pretrained base mobilenetv2_0.35_224/,
    );
    model.dispose();
  });
});
