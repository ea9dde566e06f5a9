// MaxPoolGrad, AvgPoolGrad and Sum on WASM against the CPU backend.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { compareWithCpu, randomValues, RELATIVE_TOLERANCE, useWasmWithTrainingKernels } from './test-helpers';
import { WASM_TRAINING_KERNELS, registerWasmTrainingKernels } from './register';
import { gradientRoutes } from './routes';

interface PoolCase {
  name: string;
  x: [number, number, number, number];
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same';
}

const poolCases: PoolCase[] = [
  { name: "the presets' 2x2 pool (MNIST layer 1)", x: [8, 26, 26, 32], filterSize: 2, strides: 2, pad: 'valid' },
  { name: '2x2 pool on an odd size (MNIST layer 2)', x: [4, 11, 11, 64], filterSize: 2, strides: 2, pad: 'valid' },
  { name: '2x2 same on an odd size', x: [2, 7, 5, 3], filterSize: 2, strides: 2, pad: 'same' },
  { name: '3x3 stride 2 same', x: [2, 9, 8, 4], filterSize: 3, strides: 2, pad: 'same' },
  { name: 'overlapping 2x2 stride 1', x: [2, 6, 6, 3], filterSize: 2, strides: 1, pad: 'valid' },
  { name: 'rectangular 3x2, strides 1x2, batch 1', x: [1, 7, 8, 5], filterSize: [3, 2], strides: [1, 2], pad: 'valid' },
  { name: 'stride larger than the window', x: [2, 10, 10, 2], filterSize: 2, strides: 3, pad: 'valid' },
];

/** ReLU-like data: many exact ties (zeros and repeated values), where "which maximum" matters. */
function tiedValues(shape: number[]): Float32Array {
  return randomValues(shape).map((v) => (v < 0 ? 0 : Math.round(v * 2) / 2));
}

beforeAll(() => useWasmWithTrainingKernels());
afterEach(() => {
  gradientRoutes.pool = 'auto';
  gradientRoutes.sum = 'auto';
});
// 'auto' runs the SIMD module where it applies (2x2 pools, leading-axis sums); 'js' the fallback loops.
const routes = ['auto', 'js'] as const;

describe.each(poolCases)('$name', (c) => {
  const outShape = backend_util.computePool2DInfo(c.x, c.filterSize, c.strides, 1, c.pad).outShape;
  const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad };

  it.each([
    ['random values', randomValues, 'auto'],
    ['tied values', tiedValues, 'auto'],
    ['random values', randomValues, 'js'],
    ['tied values', tiedValues, 'js'],
  ] as const)('MaxPoolGrad matches with %s, route %s', (_label, make, route) => {
    gradientRoutes.pool = route;
    const x = make(c.x);
    const output = tf.tidy(
      () => tf.maxPool(tf.tensor4d(x, c.x), c.filterSize, c.strides, c.pad).dataSync() as Float32Array,
    );
    const r = compareWithCpu({
      kernel: 'MaxPoolGrad',
      inputs: {
        dy: { shape: outShape, values: randomValues(outShape) },
        input: { shape: c.x, values: x },
        output: { shape: outShape, values: output },
      },
      attrs,
    });
    expect(r.shape).toEqual(c.x);
    expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
  });

  it('AvgPoolGrad matches', () => {
    const r = compareWithCpu({
      kernel: 'AvgPoolGrad',
      inputs: {
        dy: { shape: outShape, values: randomValues(outShape) },
        input: { shape: c.x, values: randomValues(c.x) },
      },
      attrs,
    });
    expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
  });
});

describe('Sum', () => {
  const cases: [string, number[], number[], boolean][] = [
    ['the bias gradient of a conv layer', [8, 26, 26, 32], [0, 1, 2], false],
    ['the bias gradient of a dense layer', [32, 10], [0], false],
    ['leading axes, keeping dims', [3, 4, 5, 6], [0, 1], true],
    ['leading axes given out of order and negative', [3, 4, 5], [1, -3], false],
    ["trailing axes (tfjs-wasm's own kernel)", [3, 4, 5, 6], [2, 3], false],
    ["every axis (tfjs-wasm's own kernel)", [3, 4, 5], [0, 1, 2], false],
  ];
  it.each(routes.flatMap((route) => cases.map((c) => [...c, route] as const)))(
    'matches for %s (route %s)',
    (_label, shape, axis, keepDims, route) => {
      gradientRoutes.sum = route;
      const r = compareWithCpu({
        kernel: 'Sum',
        inputs: { x: { shape, values: randomValues(shape) } },
        attrs: { axis, keepDims },
      });
      expect(r.shape).toEqual(tf.tidy(() => tf.sum(tf.zeros(shape), axis, keepDims).shape));
      expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
    },
  );

  it("keeps integer sums exact (tfjs-wasm's own kernel)", () => {
    tf.setBackend('wasm');
    const sum = tf.tidy(() =>
      tf
        .sum(
          tf.tensor2d(
            [
              [1, 2],
              [3, 4],
            ],
            [2, 2],
            'int32',
          ),
          0,
        )
        .arraySync(),
    );
    expect(sum).toEqual([4, 6]);
  });
});

describe('registration', () => {
  it('can run twice without breaking the kernels it wraps', () => {
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    for (const name of WASM_TRAINING_KERNELS) expect(tf.getKernel(name, 'wasm')).toBeDefined();
    const r = compareWithCpu({
      kernel: 'Sum',
      inputs: { x: { shape: [2, 3], values: randomValues([2, 3]) } },
      attrs: { axis: [1], keepDims: false },
    });
    expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
  });
});
