import { beforeEach, describe, expect, it } from 'vitest';
import { findPreset } from '../model/presets';
import { withAugmentation } from './runs/ab';
import { finishTwoEpochJob, fakeClient, flush, labStore, mnistLike } from './test-helpers';
import type { LabStore } from './create';
import { runTitle } from './runs/list';

let lab: LabStore;
const state = () => lab.getState();

const finishJob = (fake: ReturnType<typeof fakeClient>, i: number) =>
  finishTwoEpochJob(fake, i, { train: 40, val: 10 });

describe('A/B slice', () => {
  let fake: ReturnType<typeof fakeClient>;
  beforeEach(() => {
    fake = fakeClient();
    lab = labStore(fake.client);
    lab.setState({ arch: findPreset('mnist-convnet')!.build(), dataset: mnistLike });
  });

  it('trains "as is" then "with augmentation and Dropout" on the same data and settings, scores both, then compares them', async () => {
    const before = state().arch;
    const done = state().startAb();
    await finishJob(fake, 0);
    expect(state().ab).toMatchObject({ phase: 'running', step: 1 });
    await finishJob(fake, 1);
    await done;
    const [a, b] = fake.jobs.map((j) => j.request);
    expect(a!.arch).toBe(before);
    expect(b!.arch.layers.map((l) => l.type).slice(0, 3)).toEqual(['RandomFlip', 'RandomRotation', 'RandomZoom']);
    expect(b!.arch.layers.some((l) => l.type === 'Dropout')).toBe(true);
    // Each arm its own epochs (the textbook's 30 and 100); every other setting the same.
    expect({ ...a!.settings, epochs: 0 }).toEqual({ ...b!.settings, epochs: 0 });
    expect([a!.settings.epochs, b!.settings.epochs]).toEqual([30, 100]);
    expect(a!.datasetId).toBe(b!.datasetId);
    // The editor's stack is untouched; both runs are scored on the test split and named after the A/B.
    expect(state().arch).toBe(before);
    expect(fake.evaluations.map((e) => e.runId)).toEqual(state().runs.map((r) => r.id));
    expect(state().runs.map((r) => r.ab?.label)).toEqual(['as is (plain)', 'with augmentation and Dropout']);
    expect(state().runs.map((r) => runTitle(r).split(' · ').slice(0, 2))).toEqual([
      ['MNIST convnet', 'A/B plain'],
      ['MNIST convnet', 'A/B augmented + Dropout'],
    ]);
    expect(state().runs[0]!.dataset.split).toEqual({
      seed: state().splitSeed,
      fractions: state().splitFractions,
      maxPerClass: state().maxPerClass,
    });
    expect(state()).toMatchObject({
      ab: { phase: 'done' },
      section: 'runs',
      compareIds: state().runs.map((r) => r.id),
    });
  });

  it('gives the arm with augmentation its epochs whichever comes first', async () => {
    lab.setState({ arch: withAugmentation(state().arch) });
    state().setAbEpochs('plain', 12);
    state().setAbEpochs('augmented', 40.4);
    const done = state().startAb();
    await finishJob(fake, 0);
    await finishJob(fake, 1);
    await done;
    const [a, b] = fake.jobs.map((j) => j.request);
    expect(a!.arch.layers.some((l) => l.type === 'Dropout')).toBe(true);
    expect([a!.settings.epochs, b!.settings.epochs]).toEqual([40, 12]);
  });

  it('stops after a failed first run and says why', async () => {
    const done = state().startAb();
    await flush();
    fake.jobs[0]!.end({
      end: 'nan',
      epochsDone: 0,
      bestEpoch: null,
      failure: { kind: 'nan', message: 'The loss became NaN.', fix: '' },
    });
    await done;
    expect(fake.jobs).toHaveLength(1);
    expect(state().ab).toMatchObject({ phase: 'failed', why: expect.stringContaining('NaN') });
  });

  it('"Stop the A/B" stops the run going on and starts no second one', async () => {
    const done = state().startAb();
    await flush();
    state().stopAb();
    expect(fake.jobs[0]!.controls).toEqual(['stop']);
    fake.jobs[0]!.end({ end: 'stopped', epochsDone: 0, bestEpoch: null });
    await done;
    expect(fake.jobs).toHaveLength(1);
    expect(state().ab.phase).toBe('failed');
  });
});
