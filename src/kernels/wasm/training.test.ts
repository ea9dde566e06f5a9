// A short training run on WASM follows the CPU backend's loss curve.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasmWithTrainingKernels } from './test-helpers';

const IMAGE: [number, number, number] = [14, 14, 1];
const BATCH = 16;
const STEPS = 10;

/** Seeded so every run starts from the same weights (seeded: 0.67 → 0.15 in 10 steps). Unseeded, an
 * unlucky start learned too slowly for the falling-loss check (CI once saw 0.70 → 0.66). */
const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/** Every layer type whose gradient the lab's kernels compute: valid and same convs, a strided conv, both pools, dense. */
function buildModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({ inputShape: IMAGE, filters: 8, kernelSize: 3, activation: 'relu', kernelInitializer: init(1) }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(
    tf.layers.conv2d({
      filters: 12,
      kernelSize: [3, 2],
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(2),
    }),
  );
  model.add(
    tf.layers.conv2d({
      filters: 16,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(3),
    }),
  );
  model.add(tf.layers.averagePooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: init(4) }));
  model.compile({ optimizer: tf.train.rmsprop(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

const CLASSES = 2;
const labels = Array.from({ length: BATCH }, (_, i) => i % CLASSES);
// Fixed pseudo-random pixels whose brightness gives the label away, so a few steps visibly learn.
const images = Float32Array.from({ length: BATCH * IMAGE[0] * IMAGE[1] }, (_, i) => {
  const noise = Math.abs((Math.sin(i * 12.9898) * 43758.5453) % 1);
  return 0.2 * noise + 0.8 * labels[Math.floor(i / (IMAGE[0] * IMAGE[1]))]!;
});

async function lossCurve(
  backend: 'cpu' | 'wasm',
  weights: Float32Array[] | null,
): Promise<{ losses: number[]; weights: Float32Array[] }> {
  if (!(await tf.setBackend(backend))) throw new Error(`no ${backend} backend`);
  const model = buildModel();
  if (weights) model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape)));
  const initial = model.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  const x = tf.tensor4d(images, [BATCH, ...IMAGE]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES);
  const losses: number[] = [];
  for (let step = 0; step < STEPS; step++) losses.push((await model.trainOnBatch(x, y)) as number);
  tf.dispose([x, y]);
  model.dispose();
  return { losses, weights: initial };
}

describe('training on WASM', () => {
  it('reaches the same losses as the CPU backend, step by step, and they fall', async () => {
    await useWasmWithTrainingKernels();
    const cpu = await lossCurve('cpu', null);
    const wasm = await lossCurve('wasm', cpu.weights);
    for (let step = 0; step < STEPS; step++) {
      expect(Number.isFinite(wasm.losses[step])).toBe(true);
      expect(Math.abs(wasm.losses[step]! - cpu.losses[step]!) / cpu.losses[step]!).toBeLessThan(1e-3);
    }
    expect(wasm.losses[STEPS - 1]!).toBeLessThan(wasm.losses[0]! * 0.8);
  });

  it('leaks no tensors per step', async () => {
    await useWasmWithTrainingKernels();
    const model = buildModel();
    const x = tf.tensor4d(images, [BATCH, ...IMAGE]);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES);
    await model.trainOnBatch(x, y);
    const before = tf.memory().numTensors;
    await model.trainOnBatch(x, y);
    await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    model.dispose();
  });
});
