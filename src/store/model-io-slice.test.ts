import { beforeEach, describe, expect, it, vi } from 'vitest';
import { attachRunsPersistence } from './runs-persist';
import { memoryRuns } from './runs/db';
import { DEFAULT_SETTINGS, type Run } from './train-runs';
import { completeClient, fakeClient, labStore, mnistLike } from './test-helpers';
import type { LabStore } from './create';
import { findPreset } from '../model/presets';
import type { ModelFile } from '../client/types';

const dataset = mnistLike;
const imported = findPreset('mnist-dense')!.build();
const noModel = {
  ok: false as const,
  failure: { kind: 'data' as const, message: 'model.json is not valid JSON (x).', fix: 'Choose a LayersModel.' },
};

/** The shared scripted worker, plus model import and export; `importOk`: the files are a LayersModel. */
function importing(importOk: boolean) {
  const fake = fakeClient();
  const imports: { runId: string; files: ModelFile[] }[] = [];
  const client = completeClient({
    ...fake.client,
    exportModel: async () => ({ ok: true, value: [{ name: 'x.zip', bytes: new Uint8Array([1]) }] }),
    importModel: async (runId, files) => {
      imports.push({ runId, files });
      return importOk ? { ok: true, value: { runId, arch: imported, tensors: 6 } } : noModel;
    },
  });
  return {
    client,
    imports,
    deleted: fake.deleted,
    requests: () => fake.jobs.map((j) => j.request),
    end: (i: number, outcome: Parameters<(typeof fake.jobs)[number]['end']>[0]) => fake.jobs[i]!.end(outcome),
  };
}

const trainedRun: Run = {
  id: 'x',
  createdAt: 1,
  arch: findPreset('mnist-convnet')!.build(),
  loss: 'sparse_categorical_crossentropy',
  settings: DEFAULT_SETTINGS,
  dataset: {
    id: 'mnist-test',
    name: 'MNIST (test)',
    classNames: [...'0123456789'],
    counts: { train: 40, val: 10, test: 10 },
  },
  epochs: [],
  bestEpoch: 1,
  test: null,
  backend: null,
  end: 'done',
  failure: null,
};
let lab: LabStore;
const state = () => lab.getState();
/** A fresh store over `client`, the MNIST-like dataset loaded. */
const open = (client = importing(true).client) => {
  lab = labStore(client);
  lab.setState({ arch: findPreset('mnist-convnet')!.build(), dataset });
};
const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name);

describe('model io slice', () => {
  beforeEach(() => open());

  it('imports: the stack is replaced as one undo step, an "Imported" run keeps the weights, and the next training starts from them with the frozen layers', async () => {
    const fake = importing(true);
    open(fake.client);
    expect(await state().importModel([file('model.json'), file('model.weights.bin')])).toBe(true);
    expect(fake.imports[0]!.files.map((f) => [f.name, f.bytes.length])).toEqual([
      ['model.json', 3],
      ['model.weights.bin', 3],
    ]);
    expect(state().arch).toEqual(imported);
    // One undo step back to the stack before the import.
    expect(state().past.map((a) => a.layers.map((l) => l.type))).toEqual([
      findPreset('mnist-convnet')!
        .build()
        .layers.map((l) => l.type),
    ]);
    const run = state().runs.at(-1)!;
    expect(run).toMatchObject({
      id: fake.imports[0]!.runId,
      name: 'Imported: model.json',
      epochs: [],
      bestEpoch: 0,
      dataset: { id: 'mnist-test' },
    });
    expect(state().currentRunId).toBe(run.id);
    expect(state().fineTune).toBe(true);

    state().toggleFrozen('dense');
    state().startTraining();
    await vi.waitFor(() => expect(fake.requests()).toHaveLength(1));
    expect(fake.requests()[0]).toMatchObject({ initialWeights: { runId: run.id, which: 'best' }, frozen: ['dense'] });
    // The run records it, so continuing it (after a failure) keeps the layer frozen.
    expect(state().runs.at(-1)!.fineTune).toEqual({ fromRunId: run.id, frozen: ['dense'] });
    fake.end(0, {
      end: 'failed',
      epochsDone: 0,
      bestEpoch: null,
      failure: { kind: 'crashed', message: 'x', fix: 'y' },
    });
    await vi.waitFor(() => expect(state().trainState).toBe('error'));
    state().continueTraining('wasm');
    await vi.waitFor(() => expect(fake.requests()).toHaveLength(2));
    expect(fake.requests()[1]).toMatchObject({
      initialWeights: { runId: run.id, which: 'best' },
      frozen: ['dense'],
      settings: { backend: 'wasm' },
    });
  });

  it('keeps every run: 25 runs and an import make 26, no checkpoint is deleted, and a reload finds all 26', async () => {
    const fake = importing(true);
    open(fake.client);
    const db = memoryRuns<Run>();
    const older = Array.from({ length: 25 }, (_, i): Run => ({ ...trainedRun, id: `run-${i}`, createdAt: i + 1 }));
    lab.setState({ runs: older });
    await attachRunsPersistence(lab, db);
    expect(await state().importModel([file('model.json'), file('model.weights.bin')])).toBe(true);
    expect(state().runs).toHaveLength(26);
    expect(state().runs.slice(0, 25)).toEqual(older);
    expect(fake.deleted).toEqual([]);
    // A reload: a fresh store reads the runs database.
    const reloaded = labStore();
    await vi.waitFor(async () => expect(await db.all()).toHaveLength(26));
    await attachRunsPersistence(reloaded, db);
    expect(reloaded.getState().runs.map((r) => r.id)).toEqual(state().runs.map((r) => r.id));
  });

  it('without the fine-tune choice, training starts from fresh weights', async () => {
    const fake = importing(true);
    open(fake.client);
    await state().importModel([file('m.zip')]);
    state().setFineTune(false);
    state().startTraining();
    await vi.waitFor(() => expect(fake.requests()).toHaveLength(1));
    expect(fake.requests()[0]!.initialWeights).toBeUndefined();
    expect(fake.requests()[0]!.frozen).toBeUndefined();
  });

  it("a refused file shows the worker's message and changes nothing", async () => {
    const fake = importing(false);
    open(fake.client);
    const arch = state().arch;
    expect(await state().importModel([file('model.json')])).toBe(false);
    expect(state().modelIoError).toContain('model.json is not valid JSON');
    expect(state().arch).toBe(arch);
    expect(state().runs).toEqual([]);
    expect(state().past).toEqual([]);
  });

  it('refuses to import while training holds the model, before reading anything', async () => {
    const fake = importing(true);
    open(fake.client);
    state().setModelLock('Training is running.');
    expect(await state().importModel([file('model.json')])).toBe(false);
    expect(fake.imports).toEqual([]);
    expect(state().modelIoError).toBe('Training is running.');
  });

  it('export needs a run with a kept checkpoint', async () => {
    open(importing(true).client);
    expect(await state().exportModel({ stripAugmentation: false, zip: true })).toBeNull();
    expect(state().modelIoError).toMatch(/no kept checkpoint/);
  });
});
