// The two controls of the backend trial (issue 10.1), as the store sends them to the worker.
import { beforeEach, describe, expect, it } from 'vitest';
import { useLab } from './index';
import { setTrainClientFactory } from './trainSlice';
import { findPreset } from '../model/presets';
import type { ImageDataset, SplitData } from '../data/types';
import { completeClient } from './test-helpers';
import type { ControlAction, TrainEvent, TrainOutcome, TrainRequest } from '../client/types';

const split = (count: number): SplitData => ({
  images: new Uint8Array(count * 784),
  labels: new Uint16Array(count),
  count,
});
const dataset: ImageDataset = {
  id: 'mnist-test',
  name: 'MNIST (test)',
  source: 'builtin',
  classNames: [...'0123456789'],
  height: 28,
  width: 28,
  channels: 1,
  train: split(40),
  val: split(10),
  test: split(0),
};

function fakeClient() {
  const jobs: {
    jobId: string;
    request: TrainRequest;
    emit: (e: TrainEvent) => void;
    end: (o: TrainOutcome) => void;
    controls: ControlAction[];
  }[] = [];
  let sendData: () => void = () => {};
  const client = completeClient({
    // The data is "in transit" until the test lets it arrive.
    setDataset: () => new Promise<void>((resolve) => (sendData = resolve)),
    train(request, onEvent, options) {
      return new Promise<TrainOutcome>((end) =>
        jobs.push({ jobId: options?.jobId ?? '', request, emit: onEvent, end, controls: [] }),
      );
    },
    control: async (jobId, action) => void jobs.find((j) => j.jobId === jobId)!.controls.push(action),
  });
  return { client, jobs, arrive: () => sendData() };
}

const initial = useLab.getState();
const state = () => useLab.getState();
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('backend trial controls', () => {
  let fake: ReturnType<typeof fakeClient>;
  beforeEach(() => {
    useLab.setState(
      {
        ...initial,
        arch: findPreset('mnist-convnet')!.build(),
        dataset,
        runs: [],
        currentRunId: null,
        trainSettings: { ...initial.trainSettings, backend: 'auto' },
      },
      true,
    );
    fake = fakeClient();
    setTrainClientFactory(() => fake.client);
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
