// The depthwise convolution's two gradients on WASM (tfjs-wasm has neither) against the CPU backend's.
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backend_util } from '@tensorflow/tfjs';
import { depthwiseRoutes } from './depthwise-backprop';
import { spreadLimit } from './depthwise-input-composed';
import {
  compareWithCpu,
  randomValues,
  relativeError,
  RELATIVE_TOLERANCE,
  useWasmWithTrainingKernels,
  type KernelRun,
} from './test-helpers';

interface DepthwiseCase {
  name: string;
  x: [number, number, number, number];
  /** [fh, fw, C, channel multiplier] */
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
}

const cases: DepthwiseCase[] = [
  { name: '3x3 same, stride 1', x: [2, 7, 7, 5], filter: [3, 3, 5, 1], strides: 1, pad: 'same' },
  { name: '3x3 valid, stride 1, odd sizes', x: [3, 9, 7, 4], filter: [3, 3, 4, 1], strides: 1, pad: 'valid' },
  // MobileNetV2's stride-2 layers: ZeroPadding2D to an odd size, then valid.
  { name: '3x3 valid, stride 2, odd image', x: [2, 9, 11, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'valid' },
  { name: '3x3 valid, stride 2, even image', x: [2, 8, 10, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'valid' },
  { name: '3x3 same, stride 2, even image', x: [2, 8, 8, 6], filter: [3, 3, 6, 1], strides: 2, pad: 'same' },
  { name: '3x3 same, stride 2, odd image, batch 1', x: [1, 7, 9, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'same' },
  { name: 'rectangular 3x2, strides 2x1, same', x: [2, 8, 7, 4], filter: [3, 2, 4, 1], strides: [2, 1], pad: 'same' },
  { name: '5x5 same, 9 channels', x: [2, 6, 6, 9], filter: [5, 5, 9, 1], strides: 1, pad: 'same' },
  { name: 'explicit padding 1', x: [2, 6, 5, 3], filter: [3, 3, 3, 1], strides: 1, pad: 1 },
  { name: 'channel multiplier 2, same', x: [2, 6, 6, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'same' },
  { name: 'channel multiplier 3, stride 2, valid', x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: 2, pad: 'valid' },
  // A MobileNetV2 0.35 layer at its real size (block_1_depthwise at 96x96: 48x48 after Conv1, 48 channels).
  {
    name: 'block_1_depthwise of MobileNetV2 0.35 at 96',
    x: [2, 49, 49, 48],
    filter: [3, 3, 48, 1],
    strides: 2,
    pad: 'valid',
  },
];

const outShape = (c: DepthwiseCase) =>
  backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, undefined, true).outShape;

const inputRun = (c: DepthwiseCase, dy: Float32Array, w: Float32Array): KernelRun => ({
  kernel: 'DepthwiseConv2dNativeBackpropInput',
  inputs: { dy: { shape: outShape(c), values: dy }, filter: { shape: c.filter, values: w } },
  attrs: { strides: c.strides, pad: c.pad, dilations: 1, inputShape: c.x },
});
const filterRun = (c: DepthwiseCase, x: Float32Array, dy: Float32Array): KernelRun => ({
  kernel: 'DepthwiseConv2dNativeBackpropFilter',
  inputs: { x: { shape: c.x, values: x }, dy: { shape: outShape(c), values: dy } },
  attrs: { strides: c.strides, pad: c.pad, dilations: 1, filterShape: c.filter },
});

/** Buffers on tfjs-wasm's heap, the kernels' own temporaries included. */
const wasmDataIds = () => tf.engine().findBackend('wasm')!.numDataIds();

beforeAll(() => useWasmWithTrainingKernels());
afterEach(() => {
  depthwiseRoutes.input = 'auto';
});

describe.each(cases)('$name, against the CPU backend', (c) => {
  const routes = c.filter[3] === 1 ? (['auto', 'loop', 'composed'] as const) : (['auto', 'loop'] as const);
  it.each(routes)('DepthwiseConv2dNativeBackpropInput matches by route %s', (route) => {
    depthwiseRoutes.input = route;
    const before = wasmDataIds();
    const r = compareWithCpu(inputRun(c, randomValues(outShape(c)), randomValues(c.filter)));
    expect(r.shape).toEqual(c.x);
    expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
    // The turned filter and the spread-out dy live on tfjs-wasm's heap, outside tf.memory()'s count.
    expect(wasmDataIds()).toBe(before);
  });

  it('DepthwiseConv2dNativeBackpropFilter matches', () => {
    const r = compareWithCpu(filterRun(c, randomValues(c.x), randomValues(outShape(c))));
    expect(r.shape).toEqual(c.filter);
    expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
  });

  it("tf.grad through tf.depthwiseConv2d gives the CPU backend's gradients and keeps no tensor", () => {
    const x = randomValues(c.x);
    const w = randomValues(c.filter);
    const probe = randomValues(outShape(c));
    const grads = (backend: 'cpu' | 'wasm'): [Float32Array, Float32Array] => {
      tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const [dx, dw] = tf.tidy(() => {
        const loss = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.mul(
              tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad),
              tf.tensor(probe, outShape(c)),
            ),
          );
        const g = tf.grads(loss)([tf.tensor4d(x, c.x), tf.tensor4d(w, c.filter)]);
        return g.map((t) => t.dataSync() as Float32Array);
      });
      expect(tf.memory().numTensors, backend).toBe(before);
      return [dx!, dw!];
    };
    const [cpuDx, cpuDw] = grads('cpu');
    const [wasmDx, wasmDw] = grads('wasm');
    expect(relativeError(wasmDx, cpuDx)).toBeLessThan(RELATIVE_TOLERANCE);
    expect(relativeError(wasmDw, cpuDw)).toBeLessThan(RELATIVE_TOLERANCE);
  });
});

describe('the composed input gradient, a few images at a time', () => {
  it.each(cases.filter((c) => c.filter[3] === 1 && c.strides !== 1 && c.x[0] > 1))(
    '$name, one image per chunk, matches the CPU backend',
    (c) => {
      depthwiseRoutes.input = 'composed';
      const saved = spreadLimit.floats;
      spreadLimit.floats = 1;
      try {
        const before = wasmDataIds();
        const r = compareWithCpu(inputRun(c, randomValues(outShape(c)), randomValues(c.filter)));
        expect(r.relativeError).toBeLessThan(RELATIVE_TOLERANCE);
        expect(wasmDataIds()).toBe(before);
      } finally {
        spreadLimit.floats = saved;
      }
    },
  );
});

describe('what the kernels do not do', () => {
  it('says so for dilation 2 instead of computing something else (the CPU backend ignores it)', () => {
    const c = cases[0]!;
    expect(() =>
      compareWithCpu({
        ...inputRun(c, randomValues(outShape(c)), randomValues(c.filter)),
        attrs: { strides: 1, pad: 'same', dilations: 2, inputShape: c.x },
      }),
    ).toThrow(/dilation 1 only/);
  });

  it('refuses the composed route for a channel multiplier above 1, which the loop covers', () => {
    const c = cases.find((k) => k.filter[3] > 1)!;
    depthwiseRoutes.input = 'composed';
    expect(() => compareWithCpu(inputRun(c, randomValues(outShape(c)), randomValues(c.filter)))).toThrow(
      /channel multiplier 1/,
    );
  });
});
