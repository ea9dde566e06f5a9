import { describe, expect, it } from 'vitest';
import { baseMultiplyAdds, baseWork, tfjsBaseWork } from './base-compute';
import type { TfjsBaseModel } from './bases/tfjs-types';
import { baseLayers } from './bases/spec';

const vgg = (n: number) => baseLayers({ base: 'vgg16' }, n, n);
const mobile = (n: number) => baseLayers({ base: 'mobilenet_v2', alpha: 1.0 }, n, n);

describe("a pretrained base's arithmetic, against the published counts", () => {
  it("VGG16's features: 15.35 G multiply-adds at 224x224 (torchvision, Keras), ~(180/224)^2 of it at 180x180", () => {
    expect(baseMultiplyAdds(vgg(224)) / 15.35e9).toBeCloseTo(1, 2);
    // 9.74 G: 2% under the square rule, as 45/2 and 22/2 are floored (22x22 and 11x11 in blocks 4 and 5).
    const at180 = baseMultiplyAdds(vgg(180));
    expect(at180 / (15.35e9 * (180 / 224) ** 2)).toBeGreaterThan(0.97);
    expect(at180 / (15.35e9 * (180 / 224) ** 2)).toBeLessThan(1.0);
    // Forward operations: two a multiply-add, plus the bias, ReLU, pooling and preprocessing (~0.3%).
    const forward = baseWork(vgg(180), -1).forward;
    expect(forward / (2 * at180)).toBeGreaterThan(1);
    expect(forward / (2 * at180)).toBeLessThan(1.01);
  });

  it('MobileNetV2 1.0 at 224x224: ~300 M multiply-adds (the paper: 300 M with its 1.3 M classifier)', () => {
    const macs = baseMultiplyAdds(mobile(224));
    expect(macs).toBeGreaterThan(290e6);
    expect(macs).toBeLessThan(305e6);
  });

  it('a frozen base trains at its forward cost; fine-tuning adds only the trainable part backward', () => {
    const layers = vgg(180);
    const frozen = baseWork(layers, -1);
    expect(frozen.train).toBe(frozen.forward);
    const from = layers.findIndex((l) => l.name === 'block5_conv1');
    const block5 = baseWork(layers, from);
    // block5's three convolutions at 11x11 (512 -> 512, 3x3): 0.571 GFLOP each forward; the weights' gradients
    // of all three, the inputs' of the last two (block5_conv1's input gradient is never needed), and the pool's.
    const conv = 2 * 11 * 11 * 512 * 512 * 9 + 2 * 11 * 11 * 512;
    expect((block5.train - block5.forward) / (5 * conv)).toBeCloseTo(1, 2);
    const all = baseWork(layers, 1);
    expect(all.train / all.forward).toBeGreaterThan(2.9);
    expect(all.train / all.forward).toBeLessThan(3);
  });

  it('a TF.js base from its layer list: a multiply-add per weight at every output position', () => {
    const layer = (name: string, className: string, outputShape: number[], params: number) => ({
      name,
      className,
      outputShape,
      params,
      trainableParams: params,
    });
    const model: TfjsBaseModel = {
      name: 'tiny',
      input: [8, 8, 3],
      outputShape: [8, 8, 4],
      layers: [
        layer('conv', 'Conv2D', [8, 8, 4], 3 * 3 * 3 * 4 + 4), // 112 weights at 64 positions
        layer('bn', 'BatchNormalization', [8, 8, 4], 16),
        layer('relu', 'ReLU', [8, 8, 4], 0),
      ],
    };
    const forward = 8 * 8 * 3 + 2 * 64 * 112 + 2 * 256 + 256;
    expect(tfjsBaseWork(model, -1)).toEqual({ forward, train: forward });
    // From bn on: its weights' gradient, then the ReLU's input gradient.
    expect(tfjsBaseWork(model, 1).train).toBe(forward + 2 * 256 + 256);
  });
});
