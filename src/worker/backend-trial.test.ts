import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../model/layers';
import { modelTrial, runCappedTrial, type Trial } from './backend-trial';
import { syntheticSplit, tinyConvArch } from './test-data';
import type { TrainerData } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const arch: Architecture = tinyConvArch();
const data: TrainerData = {
  train: syntheticSplit(16, 8, 3, 1),
  val: syntheticSplit(6, 8, 3, 2),
  geometry: { height: 8, width: 8, channels: 1 },
  numClasses: 3,
};
const options = {
  loss: 'sparse_categorical_crossentropy' as const,
  batchSize: 8,
  scale: 1 / 255,
  optimizer: 'rmsprop' as const,
  learningRate: 0.001,
  seed: 1,
};

describe('runCappedTrial', () => {
  it('times the steps of the student model on the active backend and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const r = await runCappedTrial(() => modelTrial(arch, data, options), { steps: 3, capMs: 60_000 });
    await r.settled;
    expect(r).toMatchObject({ finished: true, cut: null, stepsDone: 3 });
    expect(r.msPerStep).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a step that never ends loses at the cap: the result comes back on time', async () => {
    let disposed = false;
    const stuck: Trial = { step: () => new Promise(() => {}), dispose: () => (disposed = true) };
    const r = await runCappedTrial(() => stuck, { steps: 3, capMs: 30 });
    expect(r).toMatchObject({ finished: false, cut: 'time', stepsDone: 0, msPerStep: null });
    expect(disposed).toBe(false); // its step is still in flight: disposing now would pull tensors from under it
  });

  it('an abandoned trial takes no further step and disposes its tensors once its step in flight ends', async () => {
    const before = tf.memory().numTensors;
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let steps = 0;
    const r = await runCappedTrial(
      () => {
        const real = modelTrial(arch, data, options);
        return {
          step: async () => {
            steps++;
            await gate; // a slow GPU step
            await real.step();
          },
          dispose: () => real.dispose(),
        };
      },
      { steps: 3, capMs: 20 },
    );
    expect(r.cut).toBe('time');
    expect(tf.memory().numTensors).toBeGreaterThan(before); // the model is still alive mid-step
    release();
    await r.settled;
    expect(steps).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('"start on WASM now" (an aborted signal) ends the trial at once', async () => {
    const cut = new AbortController();
    const pending = runCappedTrial(() => ({ step: () => new Promise(() => {}), dispose: () => {} }), {
      steps: 3,
      capMs: 60_000,
      cut: cut.signal,
    });
    cut.abort();
    expect(await pending).toMatchObject({ finished: false, cut: 'wasm-now' });
  });

  it('a model that cannot be built fails the trial with its message', async () => {
    await expect(
      runCappedTrial(
        () => {
          throw new Error('bad layer');
        },
        { steps: 3, capMs: 1000 },
      ),
    ).rejects.toThrow('bad layer');
  });
});
