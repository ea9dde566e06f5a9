// The fused training forward pass (fused-forward.ts) against model.apply:
// the same outputs, the same seeded training run, no leaked tensors, and
// the plain path on backends without the fused kernels.
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasmWithTrainingKernels } from '../../kernels/wasm/test-helpers';
import { withId, type Architecture, type LayerConfig } from '../../model/layers';
import { JobControl } from '../control';
import { syntheticData } from '../test-data';
import { trainModel, type TrainerOptions } from '../trainer';
import { buildModel } from './build';
import { fusedTraining, trainingForward } from './fused-forward';

/**
 * Every case the fused path covers (valid/same, stride 2, 1x1, ReLU and linear, Dense ReLU and softmax) and
 * one it passes through (tanh).
 */
const arch: Architecture = {
  input: { height: 12, width: 12, channels: 1 },
  numClasses: 3,
  layers: [
    { type: 'Conv2D', filters: 6, kernelSize: [3, 3], strides: [1, 1], padding: 'valid', activation: 'relu' },
    { type: 'Conv2D', filters: 8, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'linear' },
    { type: 'Conv2D', filters: 5, kernelSize: [1, 1], strides: [1, 1], padding: 'valid', activation: 'relu' },
    { type: 'Conv2D', filters: 4, kernelSize: [2, 2], strides: [1, 1], padding: 'same', activation: 'tanh' },
    { type: 'MaxPooling2D', poolSize: [2, 2], strides: null, padding: 'valid' },
    { type: 'Flatten' },
    { type: 'Dense', units: 16, activation: 'relu' },
    { type: 'Dense', units: 3, activation: 'softmax' },
  ].map((l) => withId(l as LayerConfig)),
};

const options: TrainerOptions = {
  loss: 'sparse_categorical_crossentropy',
  epochs: 3,
  batchSize: 8,
  learningRate: 0.005,
  optimizer: 'rmsprop',
  seed: 3,
  patience: 0,
  scale: 1 / 255,
};

afterEach(() => {
  fusedTraining.enabled = true;
});

function outputs(backend: 'cpu' | 'wasm', fused: boolean, batch: number): Float32Array {
  tf.setBackend(backend);
  fusedTraining.enabled = fused;
  const model = buildModel(arch, 5);
  const values = tf.tidy(() => {
    const x = tf.randomUniform([batch, 12, 12, 1], 0, 1, 'float32', 9);
    return (
      fused ? trainingForward(model, x) : (model.apply(x, { training: true }) as tf.Tensor)
    ).dataSync() as Float32Array;
  });
  model.dispose();
  return values;
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('trainingForward', () => {
  it.each([1, 8])("gives model.apply's outputs on WASM (batch %i)", async (batch) => {
    await useWasmWithTrainingKernels();
    expect(maxDiff(outputs('wasm', true, batch), outputs('wasm', false, batch))).toBeLessThan(1e-6);
  });

  it('runs each Conv2D and Dense layer as one kernel on WASM, the tanh one as tfjs does', async () => {
    await useWasmWithTrainingKernels();
    const model = buildModel(arch, 5);
    const x = tf.zeros([2, 12, 12, 1]);
    const info = await tf.profile(() =>
      tf.tidy(() => tf.grads((input: tf.Tensor) => tf.sum(trainingForward(model, input)))([x])),
    );
    const names = info.kernels.map((k) => k.name);
    expect(names.filter((n) => n === 'LabConv2DBiasAct')).toHaveLength(3);
    expect(names.filter((n) => n === 'LabMatMulBiasAct')).toHaveLength(2);
    expect(names.filter((n) => n === 'LabBiasReluGrad')).toHaveLength(3);
    expect(names).toContain('Tanh');
    expect(names).not.toContain('Relu');
    tf.dispose([x, ...(info.result as tf.Tensor[])]);
    model.dispose();
  });

  it('is model.apply itself where the fused kernels do not run (CPU backend)', async () => {
    await useWasmWithTrainingKernels();
    await tf.setBackend('cpu');
    expect(maxDiff(outputs('cpu', true, 4), outputs('cpu', false, 4))).toBe(0);
  });

  it('trains to the same losses as the unfused path, seeded, and leaks no tensors per step', async () => {
    await useWasmWithTrainingKernels();
    const run = async (fused: boolean) => {
      fusedTraining.enabled = fused;
      const model = buildModel(arch, 11);
      const counts: number[] = [];
      const result = await trainModel(model, syntheticData({ train: 48, val: 16, size: 12 }), options, {
        control: new JobControl(),
        // Read every step, so no step's metrics are pending when tensors are counted.
        readPolicy: { everySteps: 1 },
        onBatch: () => counts.push(tf.memory().numTensors),
      });
      model.dispose();
      return { losses: result.epochs.flatMap((e) => [e.loss, e.valLoss]), counts };
    };
    const plain = await run(false);
    const fused = await run(true);
    expect(fused.losses).toHaveLength(2 * options.epochs);
    for (const [i, loss] of fused.losses.entries())
      expect(Math.abs(loss - plain.losses[i]!) / plain.losses[i]!).toBeLessThan(1e-4);
    expect(fused.losses.at(-2)!).toBeLessThan(fused.losses[0]!);
    // Tensors stay level from step to step within an epoch (the trainer holds the next batch between steps).
    const perEpoch = 48 / options.batchSize;
    for (let e = 0; e < options.epochs; e++)
      expect(new Set(fused.counts.slice(e * perEpoch + 1, (e + 1) * perEpoch - 1)).size).toBe(1);
  });
});
