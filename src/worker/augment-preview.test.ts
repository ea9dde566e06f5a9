import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentSamples, type AugmentPreviewRequest } from './augment-preview';
import { buildModel } from './model/build';
import { findPreset } from '../model/presets';
import { withId, type Architecture, type LayerConfig } from '../model/layers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const H = 6,
  W = 7,
  C = 3;
/** An asymmetric colour image: every pixel and channel differs. */
const pixels = Uint8Array.from({ length: H * W * C }, (_, i) => (i * 37 + 11) % 256);
const arch = (layers: LayerConfig[]): Architecture => ({
  input: { height: H, width: W, channels: C },
  numClasses: 2,
  layers: [
    ...layers,
    { type: 'Flatten' } as LayerConfig,
    { type: 'Dense', units: 1, activation: 'sigmoid' } as LayerConfig,
  ].map((l) => withId(l)),
});
const augmented = arch([
  { type: 'RandomFlip', mode: 'horizontal' },
  { type: 'RandomRotation', factor: 0.1, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 },
  { type: 'RandomContrast', factor: 0.3, valueRange: [0, 1] }, // no Rescaling: this model sees pixels / 255
]);
const request = (over: Partial<AugmentPreviewRequest> = {}): AugmentPreviewRequest => ({
  arch: augmented,
  image: { pixels, height: H, width: W, channels: C },
  count: 9,
  seed: 1,
  enabled: [true, true, true],
  ...over,
});
const same = (a: Uint8Array[], b: Uint8Array[]) => a.every((x, i) => x.join() === b[i]!.join());

describe('augmentSamples', () => {
  it('gives count images of the source size, bytes 0-255, that differ from the source and from each other', () => {
    const out = augmentSamples(request());
    expect(out).toHaveLength(9);
    for (const img of out) {
      expect(img).toBeInstanceOf(Uint8Array);
      expect(img.length).toBe(H * W * C);
    }
    expect(out.some((img) => img.join() !== pixels.join())).toBe(true);
    expect(new Set(out.map((img) => img.join())).size).toBeGreaterThan(1);
  });

  it('the same seed gives the same images; a re-roll (another seed) others', () => {
    const a = augmentSamples(request());
    expect(same(a, augmentSamples(request()))).toBe(true);
    expect(same(a, augmentSamples(request({ seed: 2 })))).toBe(false);
  });

  it("is what training does: the images equal the built model's own leading layers in training mode on the first batch", () => {
    const out = augmentSamples(request({ seed: 4 }));
    const model = buildModel(augmented, 4);
    const expected = tf.tidy(() => {
      let x = tf.tile(tf.mul(tf.tensor4d(Float32Array.from(pixels), [1, H, W, C]), 1 / 255), [9, 1, 1, 1]);
      for (const layer of model.layers.slice(0, 3)) x = layer.apply(x, { training: true }) as tf.Tensor4D;
      return tf.clipByValue(tf.round(tf.div(x, 1 / 255)), 0, 255).dataSync();
    });
    model.dispose();
    expect(Array.from(out.flatMap((img) => Array.from(img)))).toEqual(Array.from(expected));
  });

  it('a layer switched off is left out; all off gives the source image back exactly', () => {
    const none = augmentSamples(request({ enabled: [false, false, false] }));
    for (const img of none) expect(img.join()).toBe(pixels.join());
    // Only the flip: every sample is the source or its mirror image.
    const mirror = new Uint8Array(pixels.length);
    for (let r = 0; r < H; r++)
      for (let c = 0; c < W; c++)
        for (let k = 0; k < C; k++) mirror[(r * W + c) * C + k] = pixels[(r * W + (W - 1 - c)) * C + k]!;
    const flips = augmentSamples(request({ enabled: [true, false, false], count: 16 }));
    for (const img of flips) expect([pixels.join(), mirror.join()]).toContain(img.join());
    expect(new Set(flips.map((img) => img.join())).size).toBe(2);
  });

  it('works on raw pixels for a model with Rescaling (the cats-vs-dogs preset) and keeps bytes in 0-255', () => {
    const cats = findPreset('catsdogs-augmented')!.build();
    const img = Uint8Array.from({ length: 20 * 20 * 3 }, (_, i) => (i * 13) % 256);
    const out = augmentSamples({
      arch: cats,
      image: { pixels: img, height: 20, width: 20, channels: 3 },
      count: 9,
      seed: 3,
      enabled: [],
    });
    expect(out).toHaveLength(9);
    expect(out.some((o) => o.join() !== img.join())).toBe(true);
  });

  it('leaks no tensors across repeated calls', () => {
    augmentSamples(request());
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) augmentSamples(request({ seed: i }));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses bad requests with a message that says what is wrong', () => {
    expect(() =>
      augmentSamples(request({ image: { pixels: pixels.subarray(1), height: H, width: W, channels: C } })),
    ).toThrow(/bytes/);
    expect(() => augmentSamples(request({ count: 0 }))).toThrow(/1 to 64 samples/);
    const bad = arch([
      { type: 'RandomRotation', factor: 3, fillMode: 'reflect', interpolation: 'bilinear', fillValue: 0 },
    ]);
    expect(() => augmentSamples(request({ arch: bad }))).toThrow(/Layer 1 \(random_rotation\): factor must be/);
  });
});
