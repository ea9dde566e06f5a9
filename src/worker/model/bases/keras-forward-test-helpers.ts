// The features keras.applications computed (keras-forward.json, written by scripts/keras-base-fixtures.py with
// TensorFlow 2.21 / Keras 3.15.1) and how to check the lab's base against them on any tfjs backend: the same
// deterministic weights and image, features within 1e-4 relative. Test support, shared by the CPU and WASM tests.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { expectedBaseWeights, type BaseLayerWeights } from '../../../model/bases/weights';
import type { BaseRef } from '../../../model/bases/types';
import type { KerasBaseLayer } from '../../../model/layers';
import { buildBase } from './build';
import forward from './keras-forward.json';
import { foldBase } from './folded';
import { setBaseWeights } from './set-weights';

/**
 * The deterministic weights scripts/keras-base-fixtures.py puts into Keras' model: array j (in Keras' order),
 * element k: sin(0.37 k + 1.3 j), scaled per role.
 */
export function sinWeights(ref: BaseRef): BaseLayerWeights[] {
  let j = 0;
  return expectedBaseWeights(ref).map((l) => ({
    layer: l.layer,
    weights: l.weights.map((w) => {
      const size = w.shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(size);
      const fanIn = w.role === 'kernel' ? size / w.shape[3]! : w.shape[0]! * w.shape[1]!;
      for (let k = 0; k < size; k++) {
        const f = Math.sin(0.37 * k + 1.3 * j);
        values[k] =
          w.role === 'kernel' || w.role === 'depthwise_kernel'
            ? f * Math.sqrt(3 / fanIn)
            : w.role === 'gamma'
              ? 1 + 0.1 * f
              : w.role === 'moving_variance'
                ? 1 + 0.5 * Math.abs(f)
                : 0.1 * f;
      }
      j += 1;
      return { name: `${l.layer}/${w.role}:0`, shape: w.shape, values };
    }),
  }));
}

/** The fixture's image: 2 x H x W x 3 pixels 127.5 + 127.5 sin(0.1 y + 0.2 x + 0.7 c + b), 0-255. */
function sinImage(h: number, w: number): tf.Tensor4D {
  const v = new Float32Array(2 * h * w * 3);
  let i = 0;
  for (let b = 0; b < 2; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let c = 0; c < 3; c++) v[i++] = 127.5 + 127.5 * Math.sin(0.1 * y + 0.2 * x + 0.7 * c + b);
  return tf.tensor4d(v, [2, h, w, 3]);
}

export const layerOf = (ref: BaseRef): KerasBaseLayer => ({
  type: 'Base',
  base: ref.base,
  alpha: ref.base === 'vgg16' ? 1 : ref.alpha,
  fineTuneFrom: null,
});

/** The configurations Keras computed: name in keras-forward.json, base, input height and width. */
export const KERAS_FORWARD_CASES = [
  ['vgg16_None_32x32', { base: 'vgg16' }, 32, 32],
  ['mobilenet_v2_0.35_45x38', { base: 'mobilenet_v2', alpha: 0.35 }, 45, 38],
  ['mobilenet_v2_1.0_64x64', { base: 'mobilenet_v2', alpha: 1.0 }, 64, 64],
] as [keyof typeof forward, BaseRef, number, number][];

/**
 * Builds the base on the current backend, runs Keras' image through it (as layers, or folded as fast feature
 * extraction runs it: folded.ts), and expects Keras' features.
 */
export function expectKerasFeatures(
  key: keyof typeof forward,
  ref: BaseRef,
  h: number,
  w: number,
  way: 'layers' | 'folded' = 'layers',
): void {
  const want = forward[key];
  const model = buildBase(layerOf(ref), h, w);
  setBaseWeights(model, sinWeights(ref));
  const before = tf.memory().numTensors;
  const folded = way === 'folded' ? foldBase(model, layerOf(ref)) : null;
  if (way === 'folded') expect(folded).not.toBeNull();
  const y = tf.tidy(() => (folded ? folded.apply(sinImage(h, w)) : (model.predict(sinImage(h, w)) as tf.Tensor)));
  folded?.dispose();
  expect(y.shape).toEqual(want.shape);
  const v = y.dataSync();
  want.first.forEach((x, i) => expect(Math.abs(v[i]! - x)).toBeLessThanOrEqual(1e-4 * Math.abs(x) + 1e-6));
  let sum = 0;
  let sumSq = 0;
  for (const x of v) {
    sum += x;
    sumSq += x * x;
  }
  expect(Math.abs(sum - want.sum)).toBeLessThanOrEqual(1e-4 * Math.abs(want.sum));
  expect(Math.abs(sumSq - want.sumSq)).toBeLessThanOrEqual(1e-4 * want.sumSq);
  expect(Math.max(...v)).toBeCloseTo(want.max, 5);
  y.dispose();
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
}
