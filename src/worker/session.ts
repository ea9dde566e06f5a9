// What the worker API's entries share (service.ts makes one per worker): the
// short-request helper, the models questions are asked of, the backend, and the
// stores. Split out so the inspect and export entries live in files of their own
// (service-inspect.ts, service-io.ts) without reaching into the session's state.
import type * as tf from '@tensorflow/tfjs';
import type { ImageDataset, SplitName } from '../data/types';
import type { Architecture } from '../model/layers';
import type { CheckpointStore } from './checkpoints';
import type { SnapshotStore } from './inspect/snapshotStore';
import type { BackendChoice, BackendName, ModelSource, ShortResult, TrainRequest, WeightsAt } from './protocol';
import type { TrainerData } from './trainer';

/** A model to answer a question with; the caller disposes it when `owned`. */
export interface SessionModel {
  runId: string;
  arch: Architecture;
  model: tf.LayersModel;
  at: WeightsAt;
  owned: boolean;
}

export interface Session {
  /** Wraps an answer as a short request: queued between training steps, failures as data, buffers transferred. */
  short<A extends unknown[], T>(
    answer: (...args: A) => Promise<{ value: T; transfer: ArrayBuffer[] }>,
  ): (...args: A) => Promise<ShortResult<T>>;
  /** The live model, or a checkpoint's weights in a model of their architecture. */
  modelFor(source: ModelSource): Promise<SessionModel>;
  /** After a reload nothing is active yet: starts the first backend that passes its self-test. */
  ensureSomeBackend(choice: BackendChoice, reason: string): Promise<BackendName>;
  /** A long job holds the worker: its backend is active and must not be switched. */
  busy(): boolean;
  /** The session's dataset for `arch`, or a failure saying why it does not fit. */
  trainerData(datasetId: string, arch: TrainRequest['arch'], splits: readonly SplitName[]): TrainerData;
  dataset(): ImageDataset | null;
  store: CheckpointStore;
  snapshots: SnapshotStore;
}
