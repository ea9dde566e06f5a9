// The fused kernels (fused.ts, bias-relu-grad.ts) against the unfused tfjs ops
// on the CPU backend, forward and gradients (x, W, b), on every route.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { conv2dBiasAct, matMulBiasAct, type FusedActivation } from './fused';
import { gradientRoutes } from './routes';
import { randomValues, relativeError, useWasmWithTrainingKernels } from './test-helpers';

type Pad = 'valid' | 'same';
interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: Pad;
}

// The presets' layers at a batch of 4 (the CPU backend takes ~10 s per reference at 32 on this machine;
// batches of 32 and odd ones are covered by the unfused kernels' tests, and the split by image is the same).
const convCases: ConvCase[] = [
  { name: 'MNIST conv 1 (28x28x1 → 32)', x: [4, 28, 28, 1], filter: [3, 3, 1, 32], strides: 1, pad: 'valid' },
  { name: 'MNIST conv 2 (13x13x32 → 64)', x: [4, 13, 13, 32], filter: [3, 3, 32, 64], strides: 1, pad: 'valid' },
  { name: 'MNIST conv 3 (5x5x64 → 128)', x: [32, 5, 5, 64], filter: [3, 3, 64, 128], strides: 1, pad: 'valid' },
  {
    name: 'cats vs dogs conv 1 (180x180x3 → 32), batch 1',
    x: [1, 180, 180, 3],
    filter: [3, 3, 3, 32],
    strides: 1,
    pad: 'valid',
  },
  {
    name: 'stride 2, same, 6 channels (not a multiple of 8)',
    x: [2, 9, 8, 3],
    filter: [3, 3, 3, 6],
    strides: 2,
    pad: 'same',
  },
  { name: '3x3 same, batch 1', x: [1, 7, 7, 4], filter: [3, 3, 4, 8], strides: 1, pad: 'same' },
  { name: '1x1', x: [3, 5, 5, 2], filter: [1, 1, 2, 5], strides: 1, pad: 'valid' },
  {
    // 3x3 deep layers go to Winograd on auto (not exact: winograd.test.ts checks them in training).
    name: 'deep (fh·fw·C > 1024, not 3x3: XNNPACK even on auto)',
    x: [1, 5, 5, 260],
    filter: [2, 2, 260, 8],
    strides: 1,
    pad: 'valid',
  },
];

// Quarter steps in [-1, 1]: every product and sum of the forward pass is exact in float32, so z (and the
// ReLU mask) is bit-identical on both backends; only the gradients' sums of random dy differ by rounding.
function quarters(shape: number[]): Float32Array {
  return randomValues(shape).map((v) => Math.max(-4, Math.min(4, Math.round(v * 2))) / 4);
}

/** Routes: the SIMD module; XNNPACK forward with the other gradient routes and the JS mask pass. */
const ROUTES = {
  native: {},
  xnnpack: { forward: 'xnnpack', filter: 'convolution', input: 'matmul', biasRelu: 'js' },
  'matmul/convolution': { forward: 'xnnpack', filter: 'matmul', input: 'convolution', biasRelu: 'js' },
} as const;
type RouteName = keyof typeof ROUTES;

afterEach(() => Object.assign(gradientRoutes, { forward: 'auto', filter: 'auto', input: 'auto', biasRelu: 'auto' }));

/** [y, dx, dw, db] of sum(act(op(x, w) + b) · r) on one backend. */
function forwardAndGrads(
  backend: 'cpu' | 'wasm',
  op: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  values: Float32Array[],
  shapes: number[][],
): Float32Array[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const [x, w, b, r] = values.map((v, i) => tf.tensor(v, shapes[i]));
    const y = op(x!, w!, b!);
    const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(op(xx, ww, bb), r!)))([
      x!,
      w!,
      b!,
    ]);
    return [y, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

const act = (t: tf.Tensor, a: FusedActivation) => (a === 'relu' ? tf.relu(t) : t);

function expectClose(got: Float32Array[], want: Float32Array[], tolerance: number): void {
  const errors = got.map((g, i) => relativeError(g, want[i]!));
  expect(errors[0]).toBe(0); // forward: exact (quarter-step inputs)
  for (const e of errors.slice(1)) expect(e).toBeLessThan(tolerance);
}

beforeAll(() => useWasmWithTrainingKernels());

describe.each(convCases)('LabConv2DBiasAct, $name', (c) => {
  const out = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
  const shapes = [c.x, c.filter, [c.filter[3]], out];
  // One set of inputs and one CPU reference per activation (the CPU backend takes seconds on the presets' shapes), every route against it.
  describe.each(['relu', 'linear'] as const)('%s', (activation) => {
    let values: Float32Array[] = [];
    let cpu: Float32Array[] = [];
    beforeAll(() => {
      values = [quarters(c.x), quarters(c.filter), quarters([c.filter[3]]), randomValues(out)];
      cpu = forwardAndGrads(
        'cpu',
        (x, w, b) => act(tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad), b), activation),
        values,
        shapes,
      );
    }, 120_000);
    it.each(Object.keys(ROUTES) as RouteName[])('route %s: y, dx, dW, db as the CPU backend', (route) => {
      Object.assign(gradientRoutes, ROUTES[route]);
      const attrs = { strides: c.strides, pad: c.pad, activation };
      const wasm = forwardAndGrads(
        'wasm',
        (x, w, b) => conv2dBiasAct(x as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D, attrs),
        values,
        shapes,
      );
      expectClose(wasm, cpu, 1e-5);
    });
  });
});

const denseCases = [
  { name: 'MNIST dense head (1152 → 10)', a: [32, 1152], units: 10 },
  { name: 'MNIST dense preset (784 → 512)', a: [32, 784], units: 512 },
  { name: 'batch 1, 7 → 3', a: [1, 7], units: 3 },
];

describe.each(denseCases)('LabMatMulBiasAct, $name', (c) => {
  const shapes = [c.a, [c.a[1]!, c.units], [c.units], [c.a[0]!, c.units]];
  it.each(['native', 'xnnpack'] as RouteName[])(
    'route %s: y, da, dW, db as the CPU backend, relu and linear',
    (route) => {
      for (const activation of ['relu', 'linear'] as const) {
        const values = [quarters(shapes[0]!), quarters(shapes[1]!), quarters(shapes[2]!), randomValues(shapes[3]!)];
        const cpu = forwardAndGrads(
          'cpu',
          (a, w, b) => act(tf.add(tf.matMul(a as tf.Tensor2D, w as tf.Tensor2D), b), activation),
          values,
          shapes,
        );
        Object.assign(gradientRoutes, ROUTES[route]);
        const wasm = forwardAndGrads(
          'wasm',
          (a, w, b) => matMulBiasAct(a as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, activation),
          values,
          shapes,
        );
        expectClose(wasm, cpu, 1e-5);
      }
    },
  );
});

describe('LabBiasReluGrad', () => {
  it.each(['auto', 'js'] as const)(
    'route %s: dz = dy where y > 0, db its column sums, on shapes that leave short blocks and columns',
    (route) => {
      tf.setBackend('wasm');
      gradientRoutes.biasRelu = route;
      for (const shape of [
        [8, 26, 26, 32],
        [3, 7, 5],
        [1, 1],
        [130, 6],
      ]) {
        const dy = randomValues(shape);
        const y = randomValues(shape).map((v) => Math.max(0, v));
        const width = shape.at(-1)!;
        const dzWant = dy.map((g, i) => (y[i]! > 0 ? g : 0));
        const dbWant = new Float64Array(width);
        dzWant.forEach((v, i) => (dbWant[i % width]! += v));
        const [dz, db] = tf.tidy(() =>
          (
            tf
              .engine()
              .runKernel('LabBiasReluGrad', { dy: tf.tensor(dy, shape), y: tf.tensor(y, shape) }) as tf.Tensor[]
          ).map((t) => t.dataSync()),
        );
        expect(relativeError(dz!, dzWant)).toBe(0);
        expect(relativeError(db!, dbWant)).toBeLessThan(1e-5);
      }
    },
  );
});

describe('Identity on WASM', () => {
  it.each(['auto', 'copy'] as const)(
    'route %s: a clone keeps its values after the original is disposed, and leaks nothing',
    (route) => {
      tf.setBackend('wasm');
      gradientRoutes.identity = route;
      const before = tf.memory().numTensors;
      const x = tf.tensor([1, 2, 3, 4], [2, 2]);
      const copy = tf.clone(x);
      x.dispose();
      expect(Array.from(copy.dataSync())).toEqual([1, 2, 3, 4]);
      copy.dispose();
      expect(tf.memory().numTensors).toBe(before);
      gradientRoutes.identity = 'auto';
    },
  );
});
