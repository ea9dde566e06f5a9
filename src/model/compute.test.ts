import { describe, expect, it } from 'vitest';
import { forwardFlopsPerImage, trainFlopsPerImage } from './compute';
import { findPreset } from './presets';

const arch = (id: string) => findPreset(id)!.build();

describe('the arithmetic of a model', () => {
  it('counts the MNIST convnet as the bench notes do (~0.58 GFLOP a training batch of 32)', () => {
    // conv 26x26x32x9x1, conv 11x11x64x9x32, conv 3x3x128x9x64, dense 1152x10: two operations each.
    expect(forwardFlopsPerImage(arch('mnist-convnet'))).toBeCloseTo(6.2e6, -5);
    expect((trainFlopsPerImage(arch('mnist-convnet'))! * 32) / 1e9).toBeCloseTo(0.6, 1);
  });

  it('grows with the input: the convnet without pooling at 1000x1000 is thousands of times the work', () => {
    const big = { ...arch('mnist-no-pool'), input: { height: 1000, width: 1000, channels: 1 } };
    expect(forwardFlopsPerImage(big)! / forwardFlopsPerImage(arch('mnist-no-pool'))!).toBeGreaterThan(1000);
  });
});
