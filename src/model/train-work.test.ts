import { describe, expect, it } from 'vitest';
import { findPreset } from './presets';
import { modelWork } from './compute';
import { estimateMemory, featureBytes } from './train-memory';
import { BASE_SPEED, DEFAULT_SPEED, featureSeconds, secondsPerEpoch, speedFor } from './train-speed';
import { extractBytes, runWork } from './train-work';

const arch = (id: string) => findPreset(id)!.build();
/** Within a factor of 2 of a measured number. */
const within2x = (estimate: number, measured: number) => {
  expect(estimate).toBeGreaterThan(measured / 2);
  expect(estimate).toBeLessThan(measured * 2);
};
// The textbook's cats vs dogs: 2,000 training and 1,000 validation images, batch 32.
const cats = { train: 2000, val: 1000, batchSize: 32 };
const MB = 1024 ** 2;

describe('a model with a pretrained base: its arithmetic and time, by the way it trains', () => {
  it('fast feature extraction: VGG16 once over every image (19.5 GFLOP an image at 180x180), then the head', () => {
    const work = runWork(arch('vgg16-feature-extraction'))!;
    expect(work.features!.kind).toBe('vgg16');
    expect(work.features!.forward / 1e9).toBeCloseTo(19.5, 1);
    expect(work.features!.bytesPerImage).toBe(51_200);
    // The head: Flatten(12,800) -> Dense(256) -> Dropout -> Dense(1), three times its forward to train.
    expect(work.epoch.kind).toBe('convnet');
    expect(work.epoch.val / 1e6).toBeCloseTo(6.6, 1);
    expect(work.epoch.train).toBeCloseTo(3 * work.epoch.val, 0);
  });

  it('on WASM: the features at the measured 6.01 images/s (~8 min for 3,000 images), then seconds an epoch', () => {
    const a = arch('vgg16-feature-extraction');
    const features = featureSeconds(a, cats, speedFor('wasm', [], 'vgg16').speed)!;
    within2x(features, 3000 / 6.01);
    const epoch = secondsPerEpoch(a, cats, speedFor('wasm', []).speed)!;
    expect(epoch).toBeGreaterThan(0.5);
    expect(epoch).toBeLessThan(5);
    // MobileNetV2 at 160x160: the bench's 75.2 images/s for the (folded) feature pass.
    const m = arch('mobilenet-v2-feature-extraction');
    within2x(featureSeconds(m, cats, speedFor('wasm', [], 'mobilenet_v2').speed)!, 3000 / 75.2);
  });

  it('the base inside the model runs forward at every step; fine-tuning block5 adds its backward pass', () => {
    const frozen = arch('vgg16-feature-extraction-augmented');
    expect(runWork(frozen)!.features).toBeNull();
    expect(runWork(frozen)!.epoch.kind).toBe('vgg16');
    const head = modelWork(arch('vgg16-feature-extraction'))!;
    expect(modelWork(frozen)!.train - head.forward).toBeLessThan(1.01 * 19.5e9);
    const tuned = arch('vgg16-fine-tuning');
    const w = modelWork(tuned)!;
    expect((w.train - w.forward) / 1e9).toBeCloseTo(2.9, 1);
    // The bench's fine-tuning step (block5 + head, batch 32): 1.18 images/s; its forward alone: 6.01.
    const perImage = secondsPerEpoch(tuned, { train: 320, val: 0, batchSize: 32 }, BASE_SPEED.vgg16)! / 320;
    within2x(1 / perImage, 1.18);
    const frozenPerImage =
      secondsPerEpoch(
        arch('vgg16-feature-extraction-augmented'),
        { train: 320, val: 0, batchSize: 32 },
        BASE_SPEED.vgg16,
      )! / 320;
    within2x(1 / frozenPerImage, 6.01);
    expect(featureSeconds(tuned, cats, BASE_SPEED.vgg16)).toBeNull();
  });

  it("a past run calibrates only its own kind: a convnet's speed never stands for VGG16's", () => {
    const past = (id: string, epochSeconds: number[]) => ({
      name: id,
      arch: arch(id),
      backend: 'wasm' as const,
      batchSize: 32,
      counts: { train: 2000, val: 1000 },
      epochSeconds,
    });
    const convnet = past('catsdogs-naive', [90, 88, 92]);
    expect(speedFor('wasm', [convnet], 'vgg16').measured).toBe(false);
    expect(speedFor('wasm', [convnet], 'vgg16').source).toContain("VGG16's forward pass");
    const tuned = past('vgg16-fine-tuning', [9000]);
    const choice = speedFor('wasm', [convnet, tuned], 'vgg16');
    expect(choice.measured).toBe(true);
    // The same setup again takes what the past run took.
    expect(secondsPerEpoch(tuned.arch, cats, choice.speed)).toBeCloseTo(9000, 5);
    // A fast run's epochs trained its head: they tell the convnet speed, not VGG16's.
    const fast = past('vgg16-feature-extraction', [3]);
    expect(speedFor('wasm', [fast], 'vgg16').measured).toBe(false);
    expect(speedFor('wasm', [fast], 'convnet').measured).toBe(true);
    expect(speedFor('webgpu', [], 'vgg16').speed).toBe(DEFAULT_SPEED.webgpu);
  });
});

describe('what fast feature extraction holds', () => {
  const a = arch('vgg16-feature-extraction');
  const input = { arch: a, batchSize: 32, optimizer: 'rmsprop' as const, backend: 'wasm' as const, pixelBytes: 0 };

  it('the features (51,200 bytes an image) in memory, or nothing of them on disk', () => {
    expect(featureBytes(a, 3000)).toBe(153_600_000);
    expect(featureBytes(arch('vgg16-fine-tuning'), 3000)).toBeNull();
    const inMemory = estimateMemory({ ...input, images: 3000 })!;
    const onDisk = estimateMemory({ ...input, images: 3000, featuresOnDisk: true })!;
    expect(inMemory.features).toBe(153_600_000);
    expect(onDisk.features).toBe(0);
    expect(inMemory.total - onDisk.total).toBe(153_600_000);
  });

  it("the steps are the head's; the base's pass holds about twice its widest layer for 16 images (259 MB)", () => {
    const m = estimateMemory({ ...input, images: 3000 })!;
    expect(m.activations / MB).toBeLessThan(20);
    expect(m.extractImages).toBe(16);
    expect(m.extract).toBe(extractBytes(a));
    expect(m.extract / MB).toBeCloseTo(259, 0);
    expect(m.backend).toBe(m.weights + m.gradients + m.optimizer + m.extract);
    // Against tf.profile's peak bytes of the pass on tfjs CPU (batch 16): VGG16 at 48x48 18.0 MB, MobileNetV2
    // 0.35 at 96x96 30.8 MB.
    const at = (id: string, size: number, alpha?: number) => {
      const arch = findPreset(id)!.build();
      arch.input = { ...arch.input, height: size, width: size };
      if (alpha) arch.layers[0] = { ...arch.layers[0]!, alpha } as (typeof arch.layers)[number];
      return extractBytes(arch)! / MB;
    };
    expect(at('vgg16-feature-extraction', 48) / 18.0).toBeCloseTo(1, 1);
    expect(at('mobilenet-v2-feature-extraction', 96, 0.35) / 30.8).toBeCloseTo(1, 1);
  });
});
