// The project file through the store: saved from one lab, opened in another (a fresh store with its own
// storage and runs), where nothing changes until the student confirms; a hand-edited file changes nothing.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
const strToU8 = (s: string) => new TextEncoder().encode(s);
import { completeClient, labStore, memoryStorage } from './test-helpers';
import { memoryRuns } from './runs/db';
import { DEFAULT_SETTINGS, type Run } from './train-runs';
import { findPreset } from '../model/presets';
import { blobSink, ProjectZipWriter } from '../data/project/zip-stream';
import { DATASET, LAB_VERSION, RUNS, SETUP } from '../data/project/format';
import type { ProjectRunData } from '../client/types';

const run: Run = {
  id: 'run-1',
  createdAt: 1,
  arch: findPreset('mnist-convnet')!.build(),
  loss: 'sparse_categorical_crossentropy',
  settings: { ...DEFAULT_SETTINGS, epochs: 1 },
  dataset: {
    id: 'mnist',
    name: 'MNIST digits',
    source: 'builtin',
    classNames: [...'0123456789'],
    counts: { train: 80, val: 10, test: 10 },
    input: { height: 28, width: 28, channels: 1 },
    split: { seed: 42, fractions: { train: 0.8, val: 0.1, test: 0.1 }, maxPerClass: 10 },
  },
  epochs: [{ epoch: 1, loss: 0.7, accuracy: 0.5, valLoss: 0.69, valAccuracy: 0.5, seconds: 2 }],
  bestEpoch: 1,
  test: null,
  backend: null,
  end: 'done',
  failure: null,
};

const kept: ProjectRunData = {
  runId: 'run-1',
  best: {
    runId: 'run-1',
    which: 'best',
    epoch: 1,
    valLoss: 0.69,
    tensors: [{ name: 'k', shape: [2], values: new Float32Array([0.25, -1]) }],
  },
  last: null,
  snapshots: [],
};

async function savedProject(): Promise<Blob> {
  const lab = labStore(completeClient({ projectRunData: async () => ({ ok: true, value: kept }) }));
  lab.getState().runsRestored([run]);
  lab.getState().renameRun('run-1', 'first digits run');
  lab.getState().setTrainSettings({ learningRate: 0.002 });
  lab.getState().openLesson('augmentation', 2);
  const { sink, blob } = blobSink();
  expect(await lab.getState().saveProject(sink)).toBeGreaterThan(0);
  expect(lab.getState().projectNotice).toMatch(/Project saved/);
  return blob();
}

function openingLab() {
  const restored: [string[], ProjectRunData[]][] = [];
  const runsDb = memoryRuns<Run>();
  const storage = memoryStorage();
  const lab = labStore(
    completeClient({
      projectRestoreRuns: async (forget, runs) => {
        restored.push([forget, runs]);
        return { ok: true, value: null };
      },
    }),
    { runsDb, storage },
  );
  return { lab, runsDb, storage, restored };
}

describe('project slice', () => {
  it('opens a saved project only once confirmed: runs, their weights and the setup, then reloads', async () => {
    const file = new File([await savedProject()], 'digits.zip');
    const { lab, runsDb, storage, restored } = openingLab();
    await lab.getState().openProject(file);
    expect(lab.getState().projectError).toBeNull();
    expect(lab.getState().projectPending?.summary).toMatch(/^1 run, no dataset, saved /);
    expect(await runsDb.all()).toEqual([]);
    expect(restored).toEqual([]);

    let reloaded = 0;
    await lab.getState().confirmOpenProject(() => reloaded++);
    expect(reloaded).toBe(1);
    const runs = await runsDb.all();
    expect(runs.map((r) => [r.id, r.name])).toEqual([['run-1', 'first digits run']]);
    expect(restored[0]![1][0]!.runId).toBe('run-1');
    expect(restored[0]![1][0]!.best!.tensors[0]!.values).toEqual(new Float32Array([0.25, -1]));
    const setup = JSON.parse(storage.getItem('convnet-lab') as string).state;
    expect(setup.trainSettings.learningRate).toBe(0.002);
    // The guided lesson's progress goes with the project (a row of the saved-state table).
    expect([setup.lessonId, setup.lessonStep]).toEqual(['augmentation', 2]);
  });

  it('refuses a hand-edited file whose runs have the wrong types, changing nothing', async () => {
    const { sink, blob } = blobSink();
    const w = new ProjectZipWriter(sink);
    await w.add(SETUP, strToU8('{}'));
    await w.add(RUNS, strToU8('[{"id": 5, "epochs": "many"}]'));
    await w.add(DATASET, strToU8('null'));
    await w.finish(LAB_VERSION);
    const { lab, runsDb } = openingLab();
    await lab.getState().openProject(new File([blob()], 'edited.zip'));
    expect(lab.getState().projectError).toMatch(/edited.zip was not opened, nothing changed: 1 of the 1 runs/);
    expect(lab.getState().projectPending).toBeNull();
    await lab.getState().confirmOpenProject(() => {
      throw new Error('must not reload');
    });
    expect(await runsDb.all()).toEqual([]);
  });
});
