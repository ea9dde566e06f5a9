// The two controls of the backend trial, as the store sends them to the worker.
import { beforeEach, describe, expect, it } from 'vitest';
import { findPreset } from '../model/presets';
import { fakeClient, flush, labStore, mnistLike, split } from './test-helpers';
import type { LabStore } from './create';
import { DEFAULT_SETTINGS } from './train-runs';

// No test split: nothing is scored after a run.
const dataset = { ...mnistLike, test: split(0) };

let lab: LabStore;
const state = () => lab.getState();

describe('backend trial controls', () => {
  let fake: ReturnType<typeof fakeClient>;
  beforeEach(() => {
    fake = fakeClient({ dataInTransit: true });
    lab = labStore(fake.client);
    lab.setState({
      arch: findPreset('mnist-convnet')!.build(),
      dataset,
      trainSettings: { ...DEFAULT_SETTINGS, backend: 'auto' },
    });
  });

  it('"start on WASM now" reaches the worker as the wasm-now control, even when pressed before the job started', async () => {
    state().startTraining();
    state().startOnWasmNow(); // still sending the data
    fake.arrive();
    await flush();
    expect(fake.jobs[0]!.controls).toEqual(['wasm-now']);
    state().startOnWasmNow();
    expect(fake.jobs[0]!.controls).toEqual(['wasm-now', 'wasm-now']);
    fake.jobs[0]!.emit({
      type: 'started',
      batchesPerEpoch: 2,
      trainCount: 40,
      valCount: 10,
      memory: { numTensors: 0, numBytes: 0 },
      pieces: null,
    });
    state().startOnWasmNow(); // training: nothing to end
    expect(fake.jobs[0]!.controls).toHaveLength(2);
  });

  it('"re-run the backend trial" makes only the next auto run ask for a fresh trial', async () => {
    state().rerunBackendTrial();
    expect(state().backendRetrial).toBe(true);
    state().startTraining();
    fake.arrive();
    await flush();
    expect(fake.jobs[0]!.request.freshBackendTrial).toBe(true);
    expect(state().backendRetrial).toBe(false);
    fake.jobs[0]!.end({ end: 'done', epochsDone: 1, bestEpoch: 1 });
    await flush();
    state().startTraining();
    fake.arrive();
    await flush();
    expect(fake.jobs[1]!.request.freshBackendTrial).toBeUndefined();
  });
});
