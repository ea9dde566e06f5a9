// The Winograd route of FusedConv2D (winograd.ts, native/winograd.c) against
// the CPU backend's FusedConv2D: paddings, borders of odd images, batches,
// channels that are not multiples of 8, no bias, linear and ReLU; its split
// into per-thread ranges; and the filter cache letting go of disposed filters.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { FusedConv2D } from '@tensorflow/tfjs';
import { conv2dBiasAct, matMulBiasAct } from './fused';
import { nativeKernelsOf } from './native';
import { gradientRoutes } from './routes';
import {
  compareWithCpu,
  randomValues,
  RELATIVE_TOLERANCE,
  relativeError,
  useWasmWithTrainingKernels,
} from './test-helpers';
import type { WasmBackend } from './wasm-internals';
import { cachedFilterCount, tilesPerUnit, transformedFilter, WINOGRAD, winogradApplies } from './winograd';

type Shape4 = [number, number, number, number];
interface Case {
  name: string;
  x: Shape4;
  filter: Shape4;
  pad: 'same' | 'valid' | number;
  activation: 'relu' | 'linear';
  bias?: false;
}

const cases: Case[] = [
  {
    name: 'VGG16-like 64 → 64, same, ReLU, batch 2',
    x: [2, 12, 12, 64],
    filter: [3, 3, 64, 64],
    pad: 'same',
    activation: 'relu',
  },
  {
    name: 'odd image 7x9, 16 → 20 (O % 8 = 4), linear, batch 3',
    x: [3, 7, 9, 16],
    filter: [3, 3, 16, 20],
    pad: 'same',
    activation: 'linear',
  },
  { name: 'valid padding, 16 → 8, ReLU', x: [2, 9, 6, 16], filter: [3, 3, 16, 8], pad: 'valid', activation: 'relu' },
  {
    name: 'padding 2 on every side, no bias',
    x: [1, 5, 4, 20],
    filter: [3, 3, 20, 12],
    pad: 2,
    activation: 'linear',
    bias: false,
  },
  { name: 'a 1x1 image, batch 5', x: [5, 1, 1, 16], filter: [3, 3, 16, 4], pad: 'same', activation: 'relu' },
  {
    name: 'deep: VGG16 block5 channels, 11x11',
    x: [1, 11, 11, 512],
    filter: [3, 3, 512, 32],
    pad: 'same',
    activation: 'relu',
  },
];

function run(c: Case) {
  const inputs: Record<string, { shape: number[]; values: Float32Array }> = {
    x: { shape: c.x, values: randomValues(c.x) },
    filter: { shape: c.filter, values: randomValues(c.filter).map((v) => v * 0.1) },
  };
  if (c.bias !== false) inputs['bias'] = { shape: [c.filter[3]], values: randomValues([c.filter[3]]) };
  const attrs = { strides: 1, pad: c.pad, dataFormat: 'NHWC', dilations: 1, activation: c.activation };
  return { kernel: FusedConv2D, inputs, attrs };
}

const backend = () => tf.findBackend('wasm') as unknown as WasmBackend;

beforeAll(async () => {
  await useWasmWithTrainingKernels();
});

const ROUTES = ['auto', 'f2x2'] as const;
afterEach(() => {
  gradientRoutes.winograd = 'auto';
});

describe('FusedConv2D as Winograd F(4x4, 3x3) and F(2x2, 3x3) on WASM', () => {
  it.each(cases.flatMap((c) => ROUTES.map((route) => ({ ...c, route }))))(
    '$name ($route) equals the CPU backend within 2e-5',
    (c) => {
      gradientRoutes.winograd = c.route;
      const r = run(c);
      tf.setBackend('wasm');
      const attrs = r.attrs as never;
      const applies = tf.tidy(() =>
        winogradApplies(backend(), tf.zeros(c.x) as never, tf.zeros(c.filter) as never, attrs, false),
      );
      expect(applies).toBe(true);
      const before = tf.memory().numTensors;
      const { relativeError, shape } = compareWithCpu(r);
      expect(tf.memory().numTensors).toBe(before);
      expect(relativeError).toBeLessThan(RELATIVE_TOLERANCE);
      expect(shape).toEqual(
        tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.filter) as tf.Tensor4D, 1, c.pad).shape),
      );
    },
  );

  it("runs VGG16's thirteen convolutions (random weights, 32x32, batch 2) as the CPU backend does within 1e-4", () => {
    tf.setBackend('cpu');
    const model = tf.sequential();
    const blocks = [
      [64, 2],
      [128, 2],
      [256, 3],
      [512, 3],
      [512, 3],
    ] as const;
    let seed = 11;
    for (const [filters, convs] of blocks) {
      for (let i = 0; i < convs; i++) {
        model.add(
          tf.layers.conv2d({
            filters,
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
            kernelInitializer: tf.initializers.heNormal({ seed: seed++ }),
            biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed++ }),
            ...(model.layers.length === 0 ? { inputShape: [32, 32, 3] } : {}),
          }),
        );
      }
      model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    }
    const x = tf.randomUniform([2, 32, 32, 3], -100, 150, 'float32', 5);
    const want = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    expect(relativeError(got, want)).toBeLessThan(1e-4);
    // Every convolution but the first (3 input channels) went through Winograd: their filters' transforms are held.
    expect(cachedFilterCount(backend())).toBeGreaterThanOrEqual(12);
    x.dispose();
    model.dispose();
  });

  it.each(['relu', 'linear'] as const)(
    "serves the trainer's fused forward of a deep 3x3 layer (%s): y and its gradients as the CPU backend's unfused ops",
    (activation) => {
      const shapes = [[2, 9, 10, 160], [3, 3, 160, 24], [24], [2, 9, 10, 24]];
      const values = shapes.map((shape) => randomValues(shape));
      const results = (['cpu', 'wasm'] as const).map((name) => {
        tf.setBackend(name);
        return tf.tidy(() => {
          const [x, w, b, r] = values.map((v, i) => tf.tensor(v, shapes[i]));
          const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
            const attrs = { strides: 1, pad: 'same' as const, activation };
            if (name === 'wasm') return conv2dBiasAct(xx as tf.Tensor4D, ww as tf.Tensor4D, bb as tf.Tensor1D, attrs);
            const z = tf.add(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, 'same'), bb);
            return activation === 'relu' ? tf.relu(z) : z;
          };
          const grads = tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(f(xx, ww, bb), r!)));
          return [f(x!, w!, b!), ...grads([x!, w!, b!])].map((t) => t.dataSync() as Float32Array);
        });
      });
      results[1]!.forEach((got, i) => expect(relativeError(got, results[0]![i]!)).toBeLessThan(RELATIVE_TOLERANCE));
      // The forward pass went through Winograd: this filter's transform is held.
      expect(cachedFilterCount(backend())).toBeGreaterThanOrEqual(1);
    },
  );

  it('leaves other convolutions to XNNPACK (stride 2, 5x5, 3 channels, prelu, a broadcast bias, forced off)', () => {
    tf.setBackend('wasm');
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, activation: 'relu' } as never;
    tf.tidy(() => {
      const x = tf.zeros([1, 8, 8, 16]) as never;
      expect(
        winogradApplies(
          backend(),
          x,
          tf.zeros([3, 3, 16, 8]) as never,
          { ...(attrs as object), strides: 2 } as never,
          false,
        ),
      ).toBe(false);
      expect(winogradApplies(backend(), x, tf.zeros([5, 5, 16, 8]) as never, attrs, false)).toBe(false);
      expect(
        winogradApplies(backend(), tf.zeros([1, 8, 8, 3]) as never, tf.zeros([3, 3, 3, 8]) as never, attrs, false),
      ).toBe(false);
      expect(winogradApplies(backend(), x, tf.zeros([3, 3, 16, 8]) as never, attrs, true)).toBe(false);
      expect(winogradApplies(backend(), x, tf.zeros([3, 3, 16, 8]) as never, attrs, false, tf.zeros([1]))).toBe(false);
      expect(winogradApplies(backend(), x, tf.zeros([3, 3, 16, 8]) as never, attrs, false, tf.zeros([8]))).toBe(true);
      gradientRoutes.winograd = 'xnnpack';
      expect(winogradApplies(backend(), x, tf.zeros([3, 3, 16, 8]) as never, attrs, false)).toBe(false);
      gradientRoutes.winograd = 'auto';
    });
    // And those still compute the right thing (XNNPACK).
    const c = run({ name: 'stride 2', x: [2, 9, 9, 16], filter: [3, 3, 16, 8], pad: 'same', activation: 'relu' });
    expect(compareWithCpu({ ...c, attrs: { ...c.attrs, strides: 2 } }).relativeError).toBeLessThan(1e-5);
  });

  it.each(Object.entries(WINOGRAD))(
    '%s gives the same output when its tile blocks are split over two threads, each with its own scratch',
    (_, algo) => {
      tf.setBackend('wasm');
      const b = backend();
      const native = nativeKernelsOf(b)!;
      const [N, H, W, C, O] = [3, 13, 11, 24, 16];
      const xv = randomValues([N, H, W, C]);
      const wv = randomValues([3, 3, C, O]);
      const outputs = tf.tidy(() => {
        const x = tf.tensor(xv, [N, H, W, C]);
        const filter = tf.tensor(wv, [3, 3, C, O]);
        const u = transformedFilter(native, b, filter, algo);
        const off = (t: tf.TensorInfo) => b.dataIdMap.get(t.dataId)!.memoryOffset;
        const tiles = N * Math.ceil(H / algo.tile) * Math.ceil(W / algo.tile);
        const tb = 4;
        const units = Math.ceil(tiles / tb);
        const half = Math.ceil(units / 2);
        const slot = algo.positions * tb * (C + O);
        const forward = native.exports[algo.forward];
        return [1, 2].map((parts) => {
          const y = tf.zeros([N, H, W, O]);
          const scratch = tf.fill([parts * slot], Number.NaN);
          const args = [off(x), off(u), 0, off(y), off(scratch), N, H, W, C, H, W, O, 1, 1, tb, 0];
          if (parts === 1) forward(...args, 0, units, 0);
          else {
            // The second range first, in slot 1: neither range may touch the other's scratch.
            forward(...args, half, units, 1);
            forward(...args, 0, half, 0);
          }
          return y.dataSync() as Float32Array;
        });
      });
      expect(outputs[1]).toEqual(outputs[0]);
      const want = tf.tidy(() =>
        tf.conv2d(tf.tensor4d(xv, [N, H, W, C]), tf.tensor4d(wv, [3, 3, C, O]), 1, 'same').dataSync(),
      );
      expect(relativeError(outputs[0]!, want)).toBeLessThan(RELATIVE_TOLERANCE);
    },
  );

  it('keeps a filter transform while its tensor lives and lets it go once the tensor is disposed', () => {
    tf.setBackend('wasm');
    const x = tf.randomNormal([1, 6, 6, 16]);
    const w = tf.randomNormal([3, 3, 16, 8]);
    const b = tf.zeros([8]);
    const conv = (filter: tf.Tensor) =>
      tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: 1, bias: b, pad: 'same' });
    const y1 = conv(w);
    // Earlier tests' filters, disposed, went at this call; this one's transform stays.
    const held = cachedFilterCount(backend());
    expect(held).toBeGreaterThanOrEqual(1);
    const y2 = conv(w);
    expect(cachedFilterCount(backend())).toBe(held);
    expect(Array.from(y2.dataSync())).toEqual(Array.from(y1.dataSync()));
    w.dispose();
    const w2 = tf.randomNormal([3, 3, 16, 8]);
    conv(w2).dispose();
    expect(cachedFilterCount(backend())).toBe(held);
    // A Dense layer's kernel (the head trained on a base's features) lets go of a disposed filter's transform too.
    w2.dispose();
    tf.tidy(() => matMulBiasAct(tf.ones([2, 3]), tf.ones([3, 4]), tf.zeros([4]), 'relu'));
    expect(cachedFilterCount(backend())).toBe(held - 1);
    tf.dispose([x, b, y1, y2]);
  });

  it('cuts the tiles into blocks that fill every thread', () => {
    // VGG16 at 180x180, batch 32: block5 (36 tiles an image), block1 (8,100).
    for (const [tiles, channels] of [
      [1152, 512],
      [32 * 8100, 64],
      [36, 512],
      [6, 16],
    ] as const) {
      const tb = tilesPerUnit(tiles, channels, 2);
      expect(tb % 4).toBe(0);
      expect(tb).toBeLessThanOrEqual(channels <= 64 ? 256 : 128);
      // An odd count of units leaves one thread idle for a unit: only where units are many.
      const units = Math.ceil(tiles / tb);
      if (tiles >= 8) expect(units % 2 === 0 || units > 100).toBe(true);
    }
    expect(tilesPerUnit(1, 64, 2)).toBe(4);
  });
});
