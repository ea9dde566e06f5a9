// The fused RMSprop on WASM against tf.train.rmsprop on the CPU backend.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeOptimizer } from '../../worker/optimizers';
import { FusedRmspropOptimizer } from './rmsprop';
import { randomValues, relativeError, useWasmWithTrainingKernels } from './test-helpers';

const SHAPES = [[3, 3, 1, 32], [32], [1152, 10], [7]];
const STEPS = 6;

/** The variables' values after STEPS updates with the same gradients, on `backend`. */
async function run(
  backend: 'cpu' | 'wasm',
  make: () => tf.Optimizer,
  start: Float32Array[],
  grads: Float32Array[][],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const vars = SHAPES.map((s, i) => tf.variable(tf.tensor(start[i]!, s), true, `${backend}-v${i}-${Math.random()}`));
  const optimizer = make();
  for (let step = 0; step < STEPS; step++) {
    tf.tidy(() =>
      optimizer.applyGradients(
        Object.fromEntries(vars.map((v, i) => [v.name, tf.tensor(grads[step]![i]!, SHAPES[i])])),
      ),
    );
  }
  const out = vars.map((v) => v.dataSync().slice() as Float32Array);
  optimizer.dispose();
  tf.dispose(vars);
  return out;
}

beforeAll(() => useWasmWithTrainingKernels());

describe('fused RMSprop on WASM', () => {
  it('moves the weights as tf.train.rmsprop does, step by step', async () => {
    const start = SHAPES.map((s) => randomValues(s));
    const grads = Array.from({ length: STEPS }, () => SHAPES.map((s) => randomValues(s).map((v) => v * 0.1)));
    const want = await run('cpu', () => tf.train.rmsprop(0.01, 0.9, 0, 1e-7), start, grads);
    const got = await run('wasm', () => new FusedRmspropOptimizer(0.01, 0.9, 0, 1e-7), start, grads);
    for (let i = 0; i < SHAPES.length; i++) expect(relativeError(got[i]!, want[i]!)).toBeLessThan(1e-5);
    // And with momentum (Keras' RMSprop(momentum=...)), which tfjs also supports.
    const wantM = await run('cpu', () => tf.train.rmsprop(0.01, 0.8, 0.5, 1e-7), start, grads);
    const gotM = await run('wasm', () => new FusedRmspropOptimizer(0.01, 0.8, 0.5, 1e-7), start, grads);
    for (let i = 0; i < SHAPES.length; i++) expect(relativeError(gotM[i]!, wantM[i]!)).toBeLessThan(1e-5);
  });

  it('is what the trainer gets on WASM, and not on other backends', async () => {
    await tf.setBackend('wasm');
    const onWasm = makeOptimizer('rmsprop', 0.001);
    // tfjs' Optimizer answers instanceof by duck typing, so compare constructors.
    expect(onWasm.constructor).toBe(FusedRmspropOptimizer);
    onWasm.dispose();
    await tf.setBackend('cpu');
    const onCpu = makeOptimizer('rmsprop', 0.001);
    expect(onCpu.constructor).toBe(tf.RMSPropOptimizer);
    onCpu.dispose();
  });

  it('keeps two slots per variable and frees them on dispose', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.ones([10]));
    const before = tf.memory().numTensors;
    const optimizer = new FusedRmspropOptimizer(0.01, 0.9, 0, 1e-7);
    for (let i = 0; i < 3; i++) tf.tidy(() => optimizer.applyGradients({ [v.name]: tf.onesLike(v) }));
    expect(tf.memory().numTensors).toBe(before + 2);
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    v.dispose();
  });
});
