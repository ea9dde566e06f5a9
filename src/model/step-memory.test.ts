import { describe, expect, it } from 'vitest';
import { findPreset } from './presets';
import { withId, type Architecture } from './layers';
import {
  MICRO_BATCH_BUDGET_BYTES,
  outputFloatsPerImage,
  pieceRanges,
  planMicroBatches,
  stepBytes,
  STEP_BYTES_PER_OUTPUT_FLOAT,
} from './step-memory';

const preset = (id: string): Architecture => findPreset(id)!.build();

describe('outputFloatsPerImage', () => {
  it("counts the input and every layer's output of the cats-vs-dogs model", () => {
    // 180·180·3 twice (input, Rescaling), then 178²·32, 89²·32, 87²·64, 43²·64, 41²·128, 20²·128, 18²·256,
    // 9²·256, 7²·256 twice (conv, Flatten), 1.
    expect(outputFloatsPerImage(preset('catsdogs-naive'))).toBe(
      2 * 97_200 + 1_013_888 + 253_472 + 484_416 + 118_336 + 215_168 + 51_200 + 82_944 + 20_736 + 2 * 12_544 + 1,
    );
  });

  it('is null for a model that does not build', () => {
    const broken: Architecture = {
      input: { height: 4, width: 4, channels: 1 },
      numClasses: 2,
      layers: [
        withId({
          type: 'Conv2D',
          filters: 2,
          kernelSize: [5, 5],
          strides: [1, 1],
          padding: 'valid',
          activation: 'relu',
        }),
      ],
    };
    expect(outputFloatsPerImage(broken)).toBeNull();
    expect(planMicroBatches(broken, 32, 'wasm')).toBeNull();
  });
});

describe('planMicroBatches', () => {
  it('runs the cats-vs-dogs batch of 32 in even pieces within the budget, a multiple of the kernel threads', () => {
    const arch = preset('catsdogs-naive');
    const perImage = stepBytes(arch, 1)!;
    for (const threads of [1, 2, 3, 4]) {
      const plan = planMicroBatches(arch, 32, 'wasm', threads)!;
      expect(plan.size * plan.pieces).toBeGreaterThanOrEqual(32);
      expect((plan.size - 1) * plan.pieces).toBeLessThan(32);
      expect(plan.pieceBytes).toBe(perImage * plan.size);
      expect(plan.batchBytes).toBe(perImage * 32);
      if (plan.size > threads) expect(plan.pieceBytes).toBeLessThanOrEqual(MICRO_BATCH_BUDGET_BYTES);
    }
    expect(planMicroBatches(arch, 32, 'wasm', 2)).toMatchObject({ size: 4, pieces: 8 });
    expect(planMicroBatches(arch, 32, 'wasm', 3)).toMatchObject({ size: 3, pieces: 11 });
    // 16 threads: one image per thread is the least a piece can be.
    expect(planMicroBatches(arch, 32, 'wasm', 16)).toMatchObject({ size: 16, pieces: 2 });
    expect(planMicroBatches(arch, 32, 'cpu')).toMatchObject({ size: 4, pieces: 8 });
    // A batch of 10 in pieces of 4, 3 and 3, not 4, 4 and 2.
    expect(planMicroBatches(arch, 10, 'wasm')).toMatchObject({ size: 4, pieces: 3 });
  });

  it('keeps whole batches where pieces would not help or would change the training', () => {
    const cats = preset('catsdogs-naive');
    expect(planMicroBatches(cats, 32, 'webgpu')).toBeNull();
    expect(planMicroBatches(cats, 32, 'webgl')).toBeNull();
    expect(planMicroBatches(cats, 1, 'wasm')).toBeNull();
    // BatchNormalization's training statistics are the whole batch's.
    const withNorm = {
      ...cats,
      layers: [...cats.layers.slice(0, 2), withId({ type: 'BatchNormalization' }), ...cats.layers.slice(2)],
    };
    expect(planMicroBatches(withNorm, 32, 'wasm')).toBeNull();
    // MNIST's whole batch of 32 holds ~18 MB.
    expect(planMicroBatches(preset('mnist-convnet'), 32, 'wasm')).toBeNull();
    expect(stepBytes(preset('mnist-convnet'), 32)!).toBeLessThan(MICRO_BATCH_BUDGET_BYTES / 4);
  });

  it('follows the measured bytes per output float', () => {
    expect(stepBytes(preset('catsdogs-naive'), 32)).toBe(
      outputFloatsPerImage(preset('catsdogs-naive'))! * 32 * STEP_BYTES_PER_OUTPUT_FLOAT,
    );
  });
});

describe('pieceRanges', () => {
  it('cuts a batch into contiguous pieces whose sizes differ by at most one', () => {
    expect(pieceRanges(32, 4)).toEqual([
      [0, 4],
      [4, 4],
      [8, 4],
      [12, 4],
      [16, 4],
      [20, 4],
      [24, 4],
      [28, 4],
    ]);
    expect(pieceRanges(7, 3)).toEqual([
      [0, 3],
      [3, 2],
      [5, 2],
    ]);
    expect(pieceRanges(5, 8)).toEqual([[0, 5]]);
  });
});

describe('a pretrained base', () => {
  it("counts every one of the base's layer outputs, so VGG16 fine-tuning at batch 32 runs in pieces", () => {
    const arch = preset('vgg16-fine-tuning');
    // VGG16 at 180x180 keeps ~9.9 M floats of its own layers' outputs per image (its last row alone: 12,800).
    expect(outputFloatsPerImage(arch)).toBeGreaterThan(9_000_000);
    const plan = planMicroBatches(arch, 32, 'wasm', 2);
    expect(plan).not.toBeNull();
    // ~139 MB an image: the smallest piece the kernel threads share (2 images) is already near the budget.
    expect(plan!.size).toBe(2);
    expect(plan!.pieceBytes).toBeLessThan(2.2 * MICRO_BATCH_BUDGET_BYTES);
    // The measured whole-batch step grew tfjs-wasm's memory to 3,984 MB: the estimate is now of that order.
    expect(plan!.batchBytes).toBeGreaterThan(2e9);
  });
  it('never splits a batch whose MobileNetV2 BatchNormalization trains (its statistics are the batch)', () => {
    const arch = preset('mobilenet-v2-feature-extraction');
    const base = arch.layers.find((l) => l.type === 'Base')!;
    const tuned = {
      ...arch,
      layers: arch.layers.map((l) => (l === base ? { ...l, fineTuneFrom: 'block_16_expand' } : l)),
    };
    expect(planMicroBatches(tuned as Architecture, 256, 'wasm', 2)).toBeNull();
  });
});
