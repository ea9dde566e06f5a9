import { describe, expect, test } from 'vitest';
import { explainConv, nextPosition, outputLength, padBefore, type ConvGeometry } from './explain-conv';

describe('Keras padding arithmetic', () => {
  test('valid: floor((in - k) / stride) + 1; same: ceil(in / stride)', () => {
    expect(outputLength(28, 3, 1, 'valid')).toBe(26);
    expect(outputLength(5, 3, 2, 'valid')).toBe(2);
    expect(outputLength(5, 3, 2, 'same')).toBe(3);
    expect(outputLength(6, 3, 2, 'same')).toBe(3);
  });

  test('same pads half before, the odd extra pixel after (bottom/right)', () => {
    expect(padBefore(5, 3, 1, 'same')).toBe(1); // total 2: 1 + 1
    expect(padBefore(6, 3, 2, 'same')).toBe(0); // total 1: 0 before, 1 after
    expect(padBefore(7, 3, 2, 'same')).toBe(1); // total 2: 1 + 1
    expect(padBefore(6, 4, 1, 'same')).toBe(1); // total 3: 1 before, 2 after
    expect(padBefore(7, 3, 2, 'valid')).toBe(0);
  });
});

describe('explainConv', () => {
  // The textbook's (3, 3, 2) case: a 3x3 window over two input channels, one filter.
  const g: ConvGeometry = {
    inHeight: 3,
    inWidth: 3,
    inChannels: 2,
    kernelSize: [3, 3],
    strides: [1, 1],
    padding: 'valid',
  };
  // Channel 0 holds 1..9, channel 1 holds 10, 20, ..., 90 (interleaved, channels last).
  const input = Float32Array.from({ length: 18 }, (_, k) => (k % 2 === 0 ? k / 2 + 1 : ((k - 1) / 2 + 1) * 10));
  // Kernel: 1 on channel 0 everywhere, -0.1 on channel 1 at the centre only.
  const kernel = Float32Array.from({ length: 18 }, (_, k) => (k % 2 === 0 ? 1 : k === 9 ? -0.1 : 0));

  test("products per channel, each channel's sum, total plus bias and the activation", () => {
    const step = explainConv(input, g, kernel, 0.5, 'relu', 0, 0);
    expect(Array.from(step.channelSums)).toEqual([45, expect.closeTo(-5, 5)]);
    expect(step.sum).toBeCloseTo(40, 5);
    expect(step.preActivation).toBeCloseTo(40.5, 5);
    expect(step.output).toBeCloseTo(40.5, 5);
    expect(step.products[9]).toBeCloseTo(-5, 5);
    expect(Array.from(step.padded)).toEqual(new Array(9).fill(0));
    expect(explainConv(input, g, kernel, -50, 'relu', 0, 0).output).toBe(0);
    expect(explainConv(input, g, kernel, -50, 'linear', 0, 0).output).toBeCloseTo(-10, 5);
    expect(explainConv(input, g, kernel, 0, 'softmax', 0, 0).output).toBeNull();
  });

  test('same padding: taps outside the input read 0 and are marked padded', () => {
    const same = { ...g, padding: 'same' as const };
    const step = explainConv(input, same, kernel, 0, 'linear', 0, 0);
    expect([step.top, step.left]).toEqual([-1, -1]);
    expect(Array.from(step.padded)).toEqual([1, 1, 1, 1, 0, 0, 1, 0, 0]);
    // Window rows -1..1, cols -1..1: channel 0 sees 1, 2, 4, 5; channel 1's centre tap sees 10.
    expect(step.channelSums[0]).toBe(12);
    expect(step.channelSums[1]).toBeCloseTo(-1, 5);
  });

  test('positions outside the output and mis-sized inputs are refused', () => {
    expect(() => explainConv(input, g, kernel, 0, 'relu', 1, 0)).toThrow(/outside the 1x1 output/);
    expect(() => explainConv(input.subarray(1), g, kernel, 0, 'relu', 0, 0)).toThrow(/not 3x3x2/);
  });

  test('stepping walks the output in reading order and wraps', () => {
    expect(nextPosition(0, 0, 2, 3)).toEqual([0, 1]);
    expect(nextPosition(0, 2, 2, 3)).toEqual([1, 0]);
    expect(nextPosition(1, 2, 2, 3)).toEqual([0, 0]);
  });
});
