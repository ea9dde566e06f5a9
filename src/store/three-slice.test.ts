import { beforeEach, describe, expect, it } from 'vitest';
import {
  finishTwoEpochJob,
  colour96,
  fakeClient,
  flush,
  keptFor,
  keptRun,
  labStore,
  mobileNet96,
} from './test-helpers';
import type { LabStore } from './create';

let lab: LabStore;
const state = () => lab.getState();

const finishJob = (fake: ReturnType<typeof fakeClient>, i: number) => finishTwoEpochJob(fake, i, { train: 12, val: 4 });

describe('scratch vs feature extraction vs fine-tuning slice', () => {
  let fake: ReturnType<typeof fakeClient>;
  const arch = mobileNet96();
  beforeEach(() => {
    fake = fakeClient();
    lab = labStore(fake.client);
    lab.setState({ arch, dataset: colour96, baseFiles: [keptFor(arch)] });
  });

  it('trains the three one after the other on the same data, scores each, then opens the three in Runs', async () => {
    state().setThreeEpochs(2);
    const done = state().startThree();
    await flush();
    expect(state().three).toMatchObject({ phase: 'running', step: 0 });
    await finishJob(fake, 0);
    expect(state().three).toMatchObject({ phase: 'running', step: 1 });
    await finishJob(fake, 1);
    expect(state().three).toMatchObject({ phase: 'running', step: 2 });
    await finishJob(fake, 2);
    await done;
    const [scratch, features, tuning] = fake.jobs.map((j) => j.request);
    expect(scratch!.arch.layers.some((l) => l.type === 'Base')).toBe(false);
    expect(features!.arch.layers[0]).toMatchObject({ type: 'Base', fineTuneFrom: null });
    expect(tuning!.arch.layers.find((l) => l.type === 'Base')).toMatchObject({ fineTuneFrom: 'block_16_expand' });
    expect(fake.jobs.map((j) => [j.request.settings.epochs, j.request.settings.learningRate])).toEqual([
      [2, 1e-3],
      [2, 1e-3],
      [2, 1e-5],
    ]);
    // Run 3 starts from run 2's kept classifier (its head, matched by name in the worker); 1 and 2 from fresh weights.
    const ids = state().runs.map((r) => r.id);
    expect(fake.jobs.map((j) => j.request.initialWeights)).toEqual([
      undefined,
      undefined,
      { runId: ids[1], which: 'best', layers: 'head' },
    ]);
    expect(state().runs[2]!.fineTune).toEqual({ fromRunId: ids[1], frozen: [], layers: 'head' });
    expect(new Set(fake.jobs.map((j) => j.request.datasetId)).size).toBe(1);
    expect(new Set(fake.jobs.map((j) => j.request.settings.seed)).size).toBe(1);
    // The editor's model is untouched; the three are scored, named after their arm, and compared.
    expect(state().arch).toBe(arch);
    expect(fake.evaluations.map((e) => e.runId)).toEqual(state().runs.map((r) => r.id));
    expect(state().runs.map((r) => r.name)).toEqual([
      'Scratch vs feature extraction vs fine-tuning: from scratch',
      'Scratch vs feature extraction vs fine-tuning: feature extraction',
      "Scratch vs feature extraction vs fine-tuning: fine-tuning from block_16_expand, starting from run 2's classifier",
    ]);
    expect(state()).toMatchObject({
      three: { phase: 'done' },
      section: 'runs',
      compareIds: state().runs.map((r) => r.id),
    });
  });

  it("an imported model's fine-tune choice does not reach the three: only run 3 starts from kept weights", async () => {
    lab.setState({ importedRunId: 'imported-1', fineTune: true, frozenLayers: ['dense'] });
    state().addRun(keptRun(arch, { id: 'imported-1', bestEpoch: 0, epochs: [], name: 'Imported: model.json' }));
    expect(state().fineTuneRequest().initialWeights?.runId).toBe('imported-1');
    const done = state().startThree();
    for (const i of [0, 1, 2]) await finishJob(fake, i);
    await done;
    expect(fake.jobs.map((j) => [j.request.initialWeights?.runId ?? null, j.request.frozen ?? null])).toEqual([
      [null, null],
      [null, null],
      [fake.jobs[1]!.request.runId, null],
    ]);
  });

  it('starts nothing without kept base weights', async () => {
    lab.setState({ baseFiles: [] });
    await state().startThree();
    expect(fake.jobs).toHaveLength(0);
    expect(state().three.phase).toBe('idle');
  });

  it('stops after a failed run and says which one', async () => {
    const done = state().startThree();
    await finishJob(fake, 0);
    fake.jobs[1]!.end({
      end: 'nan',
      epochsDone: 0,
      bestEpoch: null,
      failure: { kind: 'nan', message: 'The loss became NaN.', fix: '' },
    });
    await done;
    expect(fake.jobs).toHaveLength(2);
    expect(state().three).toMatchObject({
      phase: 'failed',
      why: expect.stringMatching(/Run 2 \(feature extraction\).*NaN/),
    });
  });

  it('"Stop the three" stops the run going on and starts no other', async () => {
    const done = state().startThree();
    await flush();
    state().stopThree();
    expect(fake.jobs[0]!.controls).toEqual(['stop']);
    fake.jobs[0]!.end({ end: 'stopped', epochsDone: 0, bestEpoch: null });
    await done;
    expect(fake.jobs).toHaveLength(1);
    expect(state().three).toMatchObject({ phase: 'failed', why: 'The comparison was stopped.' });
  });
});
