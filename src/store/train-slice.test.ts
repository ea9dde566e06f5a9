import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sanitizeRuns, trainReadiness } from './train-runs';
import { findPreset } from '../model/presets';
import { epoch, fakeClient, labStore, mnistLike } from './test-helpers';
import type { LabStore } from './create';

// The scripted worker and the small dataset are shared by the store tests (test-helpers.ts).
const dataset = mnistLike;

let lab: LabStore;
const state = () => lab.getState();
/** The worker's 'started' event for the fake jobs: 2 batches an epoch, 40 training and 10 validation images. */
const STARTED = {
  type: 'started',
  batchesPerEpoch: 2,
  trainCount: 40,
  valCount: 10,
  memory: { numTensors: 8, numBytes: 100 },
  pieces: null,
} as const;

describe('train slice', () => {
  let fake: ReturnType<typeof fakeClient>;
  beforeEach(() => {
    fake = fakeClient();
    lab = labStore(fake.client);
    lab.setState({ arch: findPreset('mnist-convnet')!.build(), dataset });
  });

  it('says why training cannot start', () => {
    expect(trainReadiness(state().arch, null)).toMatchObject({ ok: false, goTo: 'data' });
    expect(trainReadiness(state().arch, { ...dataset, classNames: ['a', 'b', 'c'] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('3 classes'),
    });
    expect(trainReadiness({ ...state().arch, input: { height: 32, width: 32, channels: 1 } }, dataset)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('28x28'),
    });
    expect(
      trainReadiness({ ...state().arch, layers: state().arch.layers.filter((l) => l.type !== 'Flatten') }, dataset),
    ).toMatchObject({ ok: false, goTo: 'model' });
    expect(trainReadiness(state().arch, dataset)).toEqual({ ok: true, loss: 'sparse_categorical_crossentropy' });
  });

  it('runs a training job: locks edits, records epochs and the best one, unlocks and scores the checkpoint', async () => {
    state().setTrainSettings({ epochs: 3, backend: 'webgl' });
    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(1));
    const job = fake.jobs[0]!;
    expect(job.request.settings).toMatchObject({ epochs: 3, backend: 'webgl', optimizer: 'rmsprop' });
    expect(state().modelLock).toContain('Training is running');
    expect(state().dataLock).toContain('Training is running');
    // A locked model refuses edits with the reason.
    state().applyPreset('mnist-dense');
    expect(state().arch.layers).toHaveLength(7);
    expect(state().modelNotice).toContain('Training is running');

    job.emit({
      type: 'backend',
      info: { name: 'webgl', adapter: null, reason: 'Chosen in the settings.', trials: [] },
    });
    job.emit(STARTED);
    expect(state().trainState).toBe('training');
    job.emit({
      type: 'batch',
      progress: { epoch: 1, batch: 1, batchesPerEpoch: 2, loss: 2, accuracy: 0.1, imagesPerSecond: 20, etaSeconds: 5 },
    });
    expect(state().livePoints).toEqual([{ x: 0.5, loss: 2, accuracy: 0.1 }]);
    job.emit({ type: 'epoch', metrics: epoch(1, 0.9), isBest: true });
    job.emit({ type: 'epoch', metrics: epoch(2, 0.5), isBest: true });
    job.emit({ type: 'epoch', metrics: epoch(3, 0.7), isBest: false });
    job.end({ end: 'done', epochsDone: 3, bestEpoch: 2 });

    await vi.waitFor(() => expect(state().trainState).toBe('done'));
    const run = state().runs.at(-1)!;
    expect(run.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(run.bestEpoch).toBe(2);
    expect(run.backend?.name).toBe('webgl');
    expect(state().modelLock).toBeNull();
    expect(state().dataLock).toBeNull();
    await vi.waitFor(() => expect(state().runs.at(-1)!.test?.accuracy).toBe(0.9));
    expect(fake.evaluations[0]).toMatchObject({ runId: run.id, split: 'test', datasetId: 'mnist-test' });
  });

  it('an event that arrives after the outcome keeps the state the outcome set, and its data', async () => {
    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(1));
    const job = fake.jobs[0]!;
    job.end({
      end: 'nan',
      epochsDone: 0,
      bestEpoch: null,
      failure: { kind: 'nan', message: 'The loss blew up.', fix: 'Lower the learning rate.' },
    });
    await vi.waitFor(() => expect(state().trainState).toBe('error'));
    // Events travel through their own port: these can land after the result.
    job.emit(STARTED);
    job.emit({ type: 'resumed' });
    expect(state().trainState).toBe('error');
    expect(state().trainError?.message).toBe('The loss blew up.');
    job.emit({ type: 'epoch', metrics: epoch(1, 0.9), isBest: true });
    expect(state().runs.at(-1)!.epochs).toHaveLength(1);
  });

  it('pause, resume and stop go to the worker; a stopped run keeps its epochs', async () => {
    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(1));
    const job = fake.jobs[0]!;
    job.emit(STARTED);
    state().pauseTraining();
    job.emit({ type: 'paused' });
    expect(state().trainState).toBe('paused');
    state().resumeTraining();
    job.emit({ type: 'resumed' });
    job.emit({ type: 'epoch', metrics: epoch(1, 0.9), isBest: true });
    state().stopTraining();
    await vi.waitFor(() => expect(job.controls).toEqual(['pause', 'resume', 'stop']));
    job.end({ end: 'stopped', epochsDone: 1, bestEpoch: 1 });
    await vi.waitFor(() => expect(state().trainState).toBe('stopped'));
    expect(state().runs.at(-1)!.epochs).toHaveLength(1);
    expect(fake.evaluations).toHaveLength(0); // only a finished run is scored automatically
  });

  it('a NaN ends in the error state with the explanation; a crash can continue on another backend from the last epoch', async () => {
    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(1));
    fake.jobs[0]!.end({
      end: 'nan',
      epochsDone: 0,
      bestEpoch: null,
      nanAt: { epoch: 1, batch: 2, loss: NaN },
      failure: { kind: 'nan', message: 'The loss became NaN', fix: 'Lower the learning rate' },
    });
    await vi.waitFor(() => expect(state().trainState).toBe('error'));
    expect(state().trainError?.kind).toBe('nan');
    expect(state().modelLock).toBeNull();

    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(2));
    fake.jobs[1]!.emit({ type: 'epoch', metrics: epoch(1, 0.9), isBest: true });
    fake.jobs[1]!.end({
      end: 'failed',
      epochsDone: 1,
      bestEpoch: 1,
      failure: { kind: 'device-lost', message: 'The GPU stopped responding', fix: 'Continue on another backend' },
    });
    await vi.waitFor(() => expect(state().trainState).toBe('error'));
    state().continueTraining('cpu');
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(3));
    expect(fake.jobs[2]!.request).toMatchObject({
      runId: fake.jobs[1]!.request.runId,
      resumeFromEpoch: 1,
      settings: { backend: 'cpu' },
    });
    expect(state().trainError).toBeNull();
  });

  it('keeps every run (no cap: runs are deleted by the student, in Runs, with their checkpoints)', async () => {
    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(1));
    const template = state().runs[0]!;
    fake.jobs[0]!.end({ end: 'done', epochsDone: 0, bestEpoch: null });
    await vi.waitFor(() => expect(state().trainState).toBe('done'));
    lab.setState({ runs: Array.from({ length: 300 }, (_, i) => ({ ...template, id: `old-${i}` })) });
    state().startTraining();
    await vi.waitFor(() => expect(fake.jobs).toHaveLength(2));
    expect(state().runs).toHaveLength(301);
    expect(state().runs.at(-1)!.id).toBe(fake.jobs[1]!.request.runId);
    expect(fake.deleted).toEqual([]);
  });

  it('persisted runs survive sanitising; broken ones are dropped, an interrupted one counts as stopped', () => {
    state().startTraining();
    const run = state().runs.at(-1)!;
    const stored = JSON.parse(JSON.stringify([run, { id: 'x' }, null, { ...run, id: 'y', arch: 'nonsense' }]));
    const back = sanitizeRuns(stored);
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ id: run.id, end: 'stopped', settings: run.settings });
    expect(back[0]!.arch.layers.map((l) => l.type)).toEqual(run.arch.layers.map((l) => l.type));
  });
});
