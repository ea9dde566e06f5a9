// The Inspect section's state: which run, layer, epoch and image
// are inspected, the run's epoch snapshots, and the intents that ask the
// training worker (short requests, answered between training steps). Results
// go back to the view that asked; only the choices live here (not persisted:
// an image and a worker's answers mean nothing after a reload).
import type { StateCreator } from 'zustand';
import type { TrainClient } from '../client/client';
import type { ClientDeps } from './deps';
import type {
  InspectActivationsRequest,
  InspectConfusionRequest,
  InspectConvRequest,
  InspectPoolRequest,
  InspectPredictRequest,
  InspectSource,
  ShortResult,
  SnapshotList,
} from '../client/types';
import type { WorkerFailure } from '../model/run-types';
import type { Run } from './train-runs';
import type { LabState } from './index';

/** The image the views look at: from a split of the loaded dataset, or a file the student picked. */
export interface InspectImageChoice {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  /** In words, e.g. "test image 3 (7)" or "cat.png". */
  label: string;
  /** Set for a dataset image. */
  split?: 'train' | 'val' | 'test';
  index?: number;
}

export interface InspectSlice {
  /** The inspected run; null: the current (or last) run. */
  inspectRunId: string | null;
  inspectLayer: string | null;
  /** The scrubber's epoch; null: the run's latest snapshot. */
  inspectEpoch: number | null;
  inspectImage: InspectImageChoice | null;
  inspectSnapshots: SnapshotList | null;
  inspectSnapshotsError: WorkerFailure | null;

  setInspectRun: (id: string | null) => void;
  setInspectLayer: (layer: string) => void;
  setInspectEpoch: (epoch: number | null) => void;
  setInspectImage: (image: InspectImageChoice | null) => void;
  /** Asks the worker which epoch snapshots the inspected run kept. */
  loadInspectSnapshots: () => Promise<void>;

  inspectKernels: (source: InspectSource, layer: string) => ReturnType<TrainClient['inspectKernels']>;
  inspectActivations: (
    source: InspectSource,
    request: InspectActivationsRequest,
  ) => ReturnType<TrainClient['inspectActivations']>;
  inspectConv: (source: InspectSource, request: InspectConvRequest) => ReturnType<TrainClient['inspectConv']>;
  inspectPool: (source: InspectSource, request: InspectPoolRequest) => ReturnType<TrainClient['inspectPool']>;
  inspectConfusion: (
    source: InspectSource,
    request: InspectConfusionRequest,
  ) => ReturnType<TrainClient['inspectConfusion']>;
  inspectPredict: (source: InspectSource, request: InspectPredictRequest) => ReturnType<TrainClient['inspectPredict']>;
}

/** The run the section shows: the chosen one, else the current run, else the newest. */
export function inspectedRun(s: Pick<LabState, 'runs' | 'inspectRunId' | 'currentRunId'>): Run | null {
  const byId = (id: string | null) => (id ? (s.runs.find((r) => r.id === id) ?? null) : null);
  return (
    byId(s.inspectRunId) ??
    byId(s.currentRunId) ??
    s.runs.reduce<Run | null>((a, r) => (!a || r.createdAt > a.createdAt ? r : a), null)
  );
}

/** True while this run trains in the worker: then its live model is the one to look at. */
export const isLive = (s: Pick<LabState, 'currentRunId' | 'trainState'>, run: Run): boolean =>
  run.id === s.currentRunId &&
  (s.trainState === 'training' || s.trainState === 'paused' || s.trainState === 'preparing');

/** The kept checkpoint (lowest val_loss), or the live model while the run trains. */
export function keptSource(s: Pick<LabState, 'currentRunId' | 'trainState'>, run: Run): InspectSource {
  return isLive(s, run)
    ? 'current'
    : { runId: run.id, which: run.bestEpoch === null ? 'last' : 'best', arch: run.arch };
}

/** The epoch the scrubber stands on: the chosen one if kept, else the latest kept; null without snapshots. */
export function scrubbedEpoch(snapshots: SnapshotList | null, chosen: number | null): number | null {
  const epochs = snapshots?.snapshots.map((x) => x.epoch) ?? [];
  if (!epochs.length) return null;
  return chosen !== null && epochs.includes(chosen) ? chosen : epochs.at(-1)!;
}

/** Kernels, feature maps and the explainers: the scrubbed epoch's snapshot, or the kept checkpoint when the run has none. */
export function viewSource(
  s: Pick<LabState, 'currentRunId' | 'trainState' | 'inspectSnapshots' | 'inspectEpoch'>,
  run: Run,
): InspectSource {
  const epoch = s.inspectSnapshots?.runId === run.id ? scrubbedEpoch(s.inspectSnapshots, s.inspectEpoch) : null;
  return epoch === null ? keptSource(s, run) : { runId: run.id, epoch, arch: run.arch };
}

/** A crashed or unreachable worker becomes a failure like any other, so a view shows it and the page goes on. */
const guard = async <T>(call: () => Promise<ShortResult<T>>): Promise<ShortResult<T>> => {
  try {
    return await call();
  } catch (e) {
    return {
      ok: false,
      failure: {
        kind: 'crashed',
        message: `The training worker did not answer: ${e instanceof Error ? e.message : String(e)}`,
        fix: 'Try again; the worker restarts by itself.',
      },
    };
  }
};

export const createInspectSlice =
  ({ client }: ClientDeps): StateCreator<LabState, [], [], InspectSlice> =>
  (set, get) => ({
    inspectRunId: null,
    inspectLayer: null,
    inspectEpoch: null,
    inspectImage: null,
    inspectSnapshots: null,
    inspectSnapshotsError: null,

    setInspectRun: (id) =>
      set({ inspectRunId: id, inspectEpoch: null, inspectSnapshots: null, inspectSnapshotsError: null }),
    setInspectLayer: (layer) => set({ inspectLayer: layer }),
    setInspectEpoch: (epoch) => set({ inspectEpoch: epoch }),
    setInspectImage: (image) => set({ inspectImage: image }),
    loadInspectSnapshots: async () => {
      const run = inspectedRun(get());
      if (!run) return set({ inspectSnapshots: null, inspectSnapshotsError: null });
      const answer = await guard(() => client.snapshots(run.id));
      // A later choice of run wins over a late answer.
      if (inspectedRun(get())?.id !== run.id) return;
      set(
        answer.ok
          ? { inspectSnapshots: answer.value, inspectSnapshotsError: null }
          : { inspectSnapshots: null, inspectSnapshotsError: answer.failure },
      );
    },

    inspectKernels: (source, layer) => guard(() => client.inspectKernels(source, layer)),
    inspectActivations: (source, request) => guard(() => client.inspectActivations(source, request)),
    inspectConv: (source, request) => guard(() => client.inspectConv(source, request)),
    inspectPool: (source, request) => guard(() => client.inspectPool(source, request)),
    inspectConfusion: (source, request) =>
      guard(async () => {
        // The worker may not have the dataset yet (after a reload): the client sends it once.
        const dataset = get().dataset;
        if (dataset?.id === request.datasetId) await client.setDataset(dataset);
        return client.inspectConfusion(source, request);
      }),
    inspectPredict: (source, request) => guard(() => client.inspectPredict(source, request)),
  });
