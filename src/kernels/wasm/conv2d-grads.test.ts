// Conv2D and its two gradients on WASM against the CPU backend.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backend_util } from '@tensorflow/tfjs';
import { filterGradReference, inputGradReference } from './conv2d-reference';
import { gradientRoutes } from './routes';
import {
  compareWithCpu,
  randomValues,
  relativeError,
  RELATIVE_TOLERANCE,
  runOn,
  useWasmWithTrainingKernels,
  type KernelRun,
} from './test-helpers';

type Pad = 'valid' | 'same' | number;
interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const smallCases: ConvCase[] = [
  { name: '3x3 valid', x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { name: '3x3 same', x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { name: 'rectangular 3x2, stride 2, valid', x: [2, 8, 7, 3], filter: [3, 2, 3, 4], strides: 2, pad: 'valid' },
  { name: 'rectangular 3x2, stride 2, same', x: [2, 8, 7, 3], filter: [3, 2, 3, 4], strides: 2, pad: 'same' },
  {
    name: '5x5, strides 2x3 that do not divide, batch 1',
    x: [1, 9, 9, 1],
    filter: [5, 5, 1, 2],
    strides: [2, 3],
    pad: 'valid',
  },
  { name: '1x1 valid', x: [3, 6, 6, 2], filter: [1, 1, 2, 3], strides: 1, pad: 'valid' },
  { name: '1x1 stride 2 same', x: [3, 6, 6, 2], filter: [1, 1, 2, 3], strides: 2, pad: 'same' },
  { name: 'even 4x3 kernel, stride 3, same', x: [2, 10, 9, 3], filter: [4, 3, 3, 2], strides: 3, pad: 'same' },
  { name: 'kernel as large as the image', x: [2, 5, 5, 4], filter: [5, 5, 4, 3], strides: 1, pad: 'valid' },
  { name: 'stride 2 same on an even image', x: [2, 4, 4, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { name: '7x7 same, batch 1, one channel', x: [1, 12, 11, 1], filter: [7, 7, 1, 2], strides: 1, pad: 'same' },
  { name: 'stride larger than the kernel', x: [2, 11, 11, 2], filter: [2, 2, 2, 3], strides: 3, pad: 'valid' },
  {
    name: 'numeric padding wider than the kernel (tf.conv2d only)',
    x: [1, 5, 5, 2],
    filter: [3, 3, 2, 2],
    strides: 1,
    pad: 4,
  },
  // The SIMD filter gradient takes ~32k floats of x and dy at a time: here 15 output rows, so three blocks, the last one short.
  {
    name: 'rows in several cache blocks, stride 2, same',
    x: [1, 64, 60, 8],
    filter: [3, 3, 8, 40],
    strides: 2,
    pad: 'same',
  },
];

// The presets' layers: MNIST at its usual batch, cats vs dogs at a small batch.
const presetCases: ConvCase[] = [
  { name: 'MNIST conv 1 (28x28x1 → 32)', x: [32, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: 'valid' },
  { name: 'MNIST conv 2 (13x13x32 → 64)', x: [32, 13, 13, 32], filter: [3, 3, 32, 64], strides: 1, pad: 'valid' },
  { name: 'MNIST conv 3 (5x5x64 → 128)', x: [32, 5, 5, 64], filter: [3, 3, 64, 128], strides: 1, pad: 'valid' },
  {
    name: 'cats vs dogs conv 1 (180x180x3 → 32), batch 1',
    x: [1, 180, 180, 3],
    filter: [3, 3, 3, 32],
    strides: 1,
    pad: 'valid',
  },
  {
    name: 'cats vs dogs conv 4 (20x20x128 → 256)',
    x: [2, 20, 20, 128],
    filter: [3, 3, 128, 256],
    strides: 1,
    pad: 'valid',
  },
];

function outputShape(c: ConvCase): number[] {
  return backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
}

beforeAll(() => useWasmWithTrainingKernels());

const filterRun = (c: ConvCase, x: Float32Array, dy: Float32Array): KernelRun => ({
  kernel: 'Conv2DBackpropFilter',
  inputs: { x: { shape: c.x, values: x }, dy: { shape: outputShape(c), values: dy } },
  attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
});
const inputRun = (c: ConvCase, dy: Float32Array, w: Float32Array): KernelRun => ({
  kernel: 'Conv2DBackpropInput',
  inputs: { dy: { shape: outputShape(c), values: dy }, filter: { shape: c.filter, values: w } },
  attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
});

const routes = ['native', 'convolution', 'matmul'] as const;
afterEach(() => {
  gradientRoutes.filter = 'auto';
  gradientRoutes.input = 'auto';
  gradientRoutes.forward = 'auto';
});

const forwardRun = (c: ConvCase, x: Float32Array, w: Float32Array): KernelRun => ({
  kernel: 'Conv2D',
  inputs: { x: { shape: c.x, values: x }, filter: { shape: c.filter, values: w } },
  attrs: { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1 },
});

// Forward: the lab's SIMD kernel ('auto') and tfjs-wasm's own XNNPACK one, on every shape, presets included.
describe.each([...smallCases, ...presetCases])('Conv2D, $name, against the CPU backend', (c) => {
  it.each(['auto', 'xnnpack'] as const)('matches by route %s', (route) => {
    gradientRoutes.forward = route;
    const r = compareWithCpu(forwardRun(c, randomValues(c.x), randomValues(c.filter)));
    expect(r.shape).toEqual(outputShape(c));
    expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
  });
});

describe.each(smallCases)('$name, against the CPU backend', (c) => {
  it.each(routes)('Conv2DBackpropFilter matches by %s', (route) => {
    gradientRoutes.filter = route;
    const x = randomValues(c.x);
    const dy = randomValues(outputShape(c));
    const r = compareWithCpu(filterRun(c, x, dy));
    expect(r.shape).toEqual(c.filter);
    expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
    // The float64 loops used for the large cases below agree with the CPU backend too.
    expect(
      relativeError(
        filterGradReference(x, c.x, dy, c.filter, c.strides, c.pad),
        runOn('cpu', filterRun(c, x, dy)).values,
      ),
    ).toBeLessThan(RELATIVE_TOLERANCE);
  });

  it.each(routes)('Conv2DBackpropInput matches by %s', (route) => {
    gradientRoutes.input = route;
    const dy = randomValues(outputShape(c));
    const w = randomValues(c.filter);
    const r = compareWithCpu(inputRun(c, dy, w));
    expect(r.shape).toEqual(c.x);
    expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
    expect(
      relativeError(
        inputGradReference(dy, c.x, w, c.filter, c.strides, c.pad),
        runOn('cpu', inputRun(c, dy, w)).values,
      ),
    ).toBeLessThan(RELATIVE_TOLERANCE);
  });
});

// The CPU backend needs minutes for these sizes, so they are checked against direct float64 loops
// (each on the route 'auto' picks for it: the one training uses).
describe.each(presetCases)('$name, against direct loops', (c) => {
  it('Conv2DBackpropFilter matches', () => {
    const x = randomValues(c.x);
    const dy = randomValues(outputShape(c));
    const got = runOn('wasm', filterRun(c, x, dy));
    expect(got.shape).toEqual(c.filter);
    expect(relativeError(got.values, filterGradReference(x, c.x, dy, c.filter, c.strides, c.pad))).toBeLessThan(
      RELATIVE_TOLERANCE,
    );
  });

  it('Conv2DBackpropInput matches', () => {
    const dy = randomValues(outputShape(c));
    const w = randomValues(c.filter);
    const got = runOn('wasm', inputRun(c, dy, w));
    expect(got.shape).toEqual(c.x);
    expect(relativeError(got.values, inputGradReference(dy, c.x, w, c.filter, c.strides, c.pad))).toBeLessThan(
      RELATIVE_TOLERANCE,
    );
  });
});

describe('unsupported layouts', () => {
  it('says so for NCHW data instead of computing garbage', () => {
    expect(() =>
      compareWithCpu({
        kernel: 'Conv2DBackpropFilter',
        inputs: {
          x: { shape: [1, 2, 5, 5], values: randomValues([1, 2, 5, 5]) },
          dy: { shape: [1, 3, 3, 3], values: randomValues([1, 3, 3, 3]) },
        },
        attrs: { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] },
      }),
    ).toThrow(/NHWC|channelsLast|NCHW/);
  });
});
