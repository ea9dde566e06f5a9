// The geometric augmentations on the WASM backend give what the CPU backend
// (TensorFlow's definition) gives, for every fill mode: tfjs-backend-wasm's
// own "reflect" is wrong left of / above the image, and augmentAffine.ts
// works around it.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runThisFileOnWasm } from '../../kernels/wasm/test-helpers';
import { augmentationLayer } from './augment';
import type { FillMode, LayerConfig } from '../../model/layers';

runThisFileOnWasm();

const on = async (backend: string, layer: LayerConfig, x: number[], shape: [number, number, number, number]) => {
  await tf.setBackend(backend);
  const input = tf.tensor4d(x, shape);
  const out = augmentationLayer(layer, { name: 'aug' }, 3)!.apply(input, { training: true }) as tf.Tensor;
  const values = Array.from(out.dataSync());
  tf.dispose([input, out]);
  return values;
};

describe('geometric augmentations on WASM match the CPU backend', () => {
  const shape: [number, number, number, number] = [4, 9, 11, 3];
  const x = Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => (i * 29) % 255);
  const cases: [string, (fillMode: FillMode) => LayerConfig][] = [
    [
      'RandomRotation 0.1',
      (fillMode) => ({ type: 'RandomRotation', factor: 0.1, fillMode, interpolation: 'bilinear', fillValue: 9 }),
    ],
    [
      'RandomZoom 0.4',
      (fillMode) => ({
        type: 'RandomZoom',
        heightFactor: 0.4,
        widthFactor: null,
        fillMode,
        interpolation: 'bilinear',
        fillValue: 9,
      }),
    ],
    [
      'RandomTranslation 0.3',
      (fillMode) => ({
        type: 'RandomTranslation',
        heightFactor: 0.3,
        widthFactor: 0.3,
        fillMode,
        interpolation: 'nearest',
        fillValue: 9,
      }),
    ],
  ];
  for (const [name, make] of cases) {
    it.each(['reflect', 'wrap', 'constant', 'nearest'] as const)(`${name}, fill_mode %s`, async (fillMode) => {
      const wasm = await on('wasm', make(fillMode), x, shape);
      const cpu = await on('cpu', make(fillMode), x, shape);
      expect(wasm.length).toBe(cpu.length);
      const worst = Math.max(...wasm.map((v, i) => Math.abs(v - cpu[i]!)));
      expect(worst).toBeLessThan(1e-3);
    });
  }
});
