import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachRunsPersistence } from './runs-persist';
import { indexedDbRuns, memoryRuns } from './runs/db';
import { UNDO_DELETE_MS } from './runs-slice';
import { fakeClient, labStore } from './test-helpers';
import type { LabStore } from './create';
import { DEFAULT_SETTINGS, type Run } from './train-runs';
import { findPreset } from '../model/presets';
import { inferSummary } from '../model/infer';

const run = (id: string, over: Partial<Run> = {}): Run => ({
  id,
  createdAt: Number(id.replace(/\D/g, '')) || 1,
  arch: findPreset('catsdogs-augmented')!.build(),
  loss: 'binary_crossentropy',
  settings: {
    ...DEFAULT_SETTINGS,
    learningRate: 0.0005,
    batchSize: 16,
    epochs: 30,
    seed: 7,
    optimizer: 'adam',
    patience: 3,
  },
  dataset: {
    id: 'shapes',
    name: 'Shapes',
    source: 'builtin',
    classNames: ['a', 'b'],
    counts: { train: 10, val: 5, test: 5 },
    input: { height: 180, width: 180, channels: 3 },
    split: { seed: 99, fractions: { train: 0.5, val: 0.25, test: 0.25 }, maxPerClass: 40 },
  },
  epochs: [{ epoch: 1, loss: 0.7, accuracy: 0.5, valLoss: 0.69, valAccuracy: 0.5, seconds: 2 }],
  bestEpoch: 1,
  test: null,
  backend: null,
  end: 'done',
  failure: null,
  ...over,
});

let lab: LabStore;
const state = () => lab.getState();

describe('runs slice', () => {
  let forgotten: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    const fake = fakeClient();
    forgotten = fake.deleted;
    lab = labStore(fake.client);
    lab.setState({ runs: [run('run1'), run('run2')] });
  });
  afterEach(() => vi.useRealTimers());

  it('renames and keeps notes', () => {
    state().renameRun('run1', 'baseline');
    state().setRunNotes('run1', 'overfits after epoch 8');
    expect(state().runs[0]).toMatchObject({ name: 'baseline', notes: 'overfits after epoch 8' });
  });

  it('deletes a run with an undo window, then forgets its checkpoints', () => {
    state().toggleCompare('run1');
    state().deleteRun('run1');
    expect(state().runs.map((r) => r.id)).toEqual(['run2']);
    expect(state().compareIds).toEqual([]);
    state().undoDeleteRun();
    expect(state().runs.map((r) => r.id)).toEqual(['run1', 'run2']);
    state().deleteRun('run1');
    vi.advanceTimersByTime(UNDO_DELETE_MS - 1);
    expect(forgotten).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(forgotten).toEqual(['run1']);
    expect(state().pendingDelete).toBeNull();
  });

  it('makes an earlier deletion final when another run is deleted', () => {
    state().deleteRun('run1');
    state().deleteRun('run2');
    expect(forgotten).toEqual(['run1']);
    expect(state().pendingDelete?.run.id).toBe('run2');
  });

  it('refuses to delete the run that is training', () => {
    lab.setState({ currentRunId: 'run2', trainState: 'training' });
    state().deleteRun('run2');
    expect(state().runs).toHaveLength(2);
    expect(state().runsNotice).toMatch(/stop it/);
  });

  it('"load setup" restores the layers (one undo step), every training setting and the split', () => {
    const before = state().arch;
    state().loadRunSetup('run1');
    const s = state();
    expect(inferSummary(s.arch).totalParams).toBe(991_041);
    expect(s.arch.layers.map((l) => l.type)).toEqual(run('x').arch.layers.map((l) => l.type));
    expect(s.arch.input).toEqual({ height: 180, width: 180, channels: 3 });
    expect(s.trainSettings).toEqual(run('x').settings);
    expect([s.splitSeed, s.splitFractions, s.maxPerClass]).toEqual([99, { train: 0.5, val: 0.25, test: 0.25 }, 40]);
    expect(s.runsNotice).toMatch(/Shapes/);
    s.undo();
    expect(state().arch).toBe(before);
  });
});

describe('runs persistence', () => {
  it('writes new and changed runs, removes only final deletions, and a reload gets them all back', async () => {
    const name = `persist-${Math.random()}`;
    const store = labStore();
    store.setState({ runs: [run('run1')], currentRunId: 'gone' });
    await attachRunsPersistence(store, indexedDbRuns(name));
    expect(store.getState()).toMatchObject({ runsLoaded: true, currentRunId: null });
    store.setState({ runs: [run('run1', { name: 'renamed' }), run('run2')] });
    store.setState({ runs: [run('run2')], pendingDelete: { run: run('run1', { name: 'renamed' }), index: 0 } });
    await vi.waitFor(async () =>
      expect((await indexedDbRuns<Run>(name).all()).map((r) => [r.id, r.name])).toEqual([
        ['run1', 'renamed'],
        ['run2', undefined],
      ]),
    );
    store.setState({ pendingDelete: null });
    await vi.waitFor(async () => expect((await indexedDbRuns<Run>(name).all()).map((r) => r.id)).toEqual(['run2']));
    const reloaded = labStore();
    await attachRunsPersistence(reloaded, indexedDbRuns(name));
    expect(reloaded.getState().runs.map((r) => r.id)).toEqual(['run2']);
  });

  it('a reload that finds the run shown cut short by it says so: interrupted, stopped, and not training', async () => {
    const db = memoryRuns<Run>();
    await db.put(run('run1', { end: null }));
    const reloaded = labStore();
    reloaded.setState({ currentRunId: 'run1' });
    await attachRunsPersistence(reloaded, db);
    expect(reloaded.getState().runs[0]).toMatchObject({ end: 'stopped', interrupted: true });
    expect(reloaded.getState().training).toMatchObject({ phase: 'interrupted', runId: 'run1' });
    expect(reloaded.getState().trainState).toBe('idle');
  });

  it('says so when the storage cannot be read', async () => {
    const broken = { ...memoryRuns<Run>(), all: () => Promise.reject(new Error('quota')) };
    const store = labStore();
    await attachRunsPersistence(store, broken);
    expect(store.getState().runsStorageError).toMatch(/could not be read.*quota/);
  });
});
