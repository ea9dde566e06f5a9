// The typed contract between the main thread and the training worker. Both
// sides import only this file (plus the client on the main side), so a
// change here is a compile error on whichever side forgot it.
import type { Architecture } from '../model/layers';
import type { LossName } from '../model/infer';
import type { ImageDataset, SplitName } from '../data/types';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

import type { OptimizerName } from '../model/training';
export { OPTIMIZERS, DEFAULT_LEARNING_RATE, type OptimizerName } from '../model/training';

export interface TrainSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  backend: BackendChoice;
  /** Seeds the shuffling, the initial weights' order of use and the augmentation. */
  seed: number;
  /** Stop after this many epochs without a better val_loss and restore the best weights; 0 = off. */
  patience: number;
}

/** What the worker trains on and how it chose it; shown by backend-badge. */
export interface BackendInfo {
  name: BackendName;
  /** GPU adapter in words, e.g. "SwiftShader (software)", or null off-GPU. */
  adapter: string | null;
  /** Why this backend: forced, fastest in the trial, fallback after a failure, ... */
  reason: string;
  /** Measured trials that led to an automatic choice (ms per training step). */
  trials: BackendTrial[];
  // --- backend trial (issue 10.1) ---
  /** How the choice was made: measured now, remembered from an earlier trial on this device, or the settings. */
  source?: 'trial' | 'remembered' | 'settings';
  /** When the trial behind this choice ran (ms since 1970): shown for a remembered choice. */
  decidedAt?: number;
}

export interface BackendTrial {
  backend: BackendName;
  ok: boolean;
  /** Median milliseconds per training step on the student's model and batch size. */
  msPerStep: number | null;
  /** A WebGPU adapter that is really software (isFallbackAdapter). */
  isFallbackAdapter?: boolean;
  error?: string;
  // --- backend trial (issue 10.1) ---
  /** Not tried, and why (e.g. "software renderer SwiftShader"), known without building the model. */
  skipped?: string;
  /** Wall time of this candidate in the trial (start, self-test and steps), ms. */
  ms?: number;
}

export interface EpochMetrics {
  /** From 1. */
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  seconds: number;
}

export interface TestResult {
  epoch: number;
  loss: number;
  accuracy: number;
  /** Accuracy per class on the test split, null for a class with no test images. */
  perClass: (number | null)[];
  count: number;
}

/** Everything a run needs; the arch is a snapshot so later edits do not change it. */
export interface TrainRequest {
  runId: string;
  arch: Architecture;
  loss: LossName;
  settings: TrainSettings;
  datasetId: string;
  /** Continue a run from its last saved epoch (after a crash or a backend switch). */
  resumeFromEpoch?: number;
  /** Backend trial (issue 10.1): forget the remembered `auto` choice for this model and measure again. */
  freshBackendTrial?: boolean;
}

export type RunEnd = 'done' | 'stopped' | 'early-stopped' | 'nan' | 'failed';

export interface TrainOutcome {
  end: RunEnd;
  /** Last finished epoch (0 if none). */
  epochsDone: number;
  bestEpoch: number | null;
  /** Set when end is 'nan' (the loss became NaN or infinite, or blew up to the clipping limit): where, and the loss. */
  nanAt?: { epoch: number; batch: number; loss: number };
  /** Set when end is 'nan' or 'failed': what happened and what to do. */
  failure?: WorkerFailure;
  /** tfjs memory in the worker once the run is over (the model is kept, the optimizer is not). */
  memory?: WorkerMemory;
}

/** tf.memory() in the worker: a leak shows as a count that grows run after run. */
export interface WorkerMemory { numTensors: number; numBytes: number }

export interface BatchProgress {
  epoch: number;
  /** Batches finished in this epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Running mean over the epoch so far, as Keras' progress bar shows. */
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  /** Time left for the whole run, validation included. */
  etaSeconds: number;
}

/** Events the worker sends while a job runs. Batch events are throttled. */
export type TrainEvent =
  | { type: 'preparing'; message: string }
  | { type: 'backend'; info: BackendInfo }
  | { type: 'started'; batchesPerEpoch: number; trainCount: number; valCount: number; memory: WorkerMemory }
  | { type: 'batch'; progress: BatchProgress }
  | { type: 'epoch'; metrics: EpochMetrics; isBest: boolean }
  | { type: 'paused' }
  | { type: 'resumed' };

/** 'wasm-now' (issue 10.1): end a running backend trial at once and train on WASM. */
export type ControlAction = 'pause' | 'resume' | 'stop' | 'wasm-now';

/** Layer weights as flat arrays; the buffers are transferred, not copied. */
export interface WeightsSnapshot {
  runId: string;
  epoch: number;
  tensors: { name: string; shape: number[]; values: Float32Array }[];
}

export type EvaluateResult = { ok: true; result: TestResult } | { ok: false; failure: WorkerFailure };

export interface EvaluateRequest {
  runId: string;
  arch: Architecture;
  loss: LossName;
  datasetId: string;
  split: SplitName;
  batchSize: number;
  backend: BackendChoice;
}

/**
 * The worker's API (Comlink). Long jobs take a jobId so the main thread can
 * pause, resume or stop them (control) while their promise is pending.
 * Later issues add calls here (layer weights, activations, predictions,
 * saving the model); the worker keeps the trained model between calls.
 */
export interface TrainWorkerApi {
  /** Hands the dataset to the worker once per dataset id; later jobs refer to it by id. */
  setDataset(dataset: ImageDataset): Promise<void>;
  hasDataset(datasetId: string): Promise<boolean>;
  train(jobId: string, request: TrainRequest, onEvent: (event: TrainEvent) => void): Promise<TrainOutcome>;
  control(jobId: string, action: ControlAction): Promise<void>;
  /** Scores a run's kept (best) checkpoint on a split. */
  evaluate(jobId: string, request: EvaluateRequest): Promise<EvaluateResult>;
  /** The kept checkpoint's weights, as transferables. */
  getWeights(runId: string, which: 'best' | 'last'): Promise<WeightsSnapshot | null>;
  /** Forget a run's stored checkpoints. */
  deleteRun(runId: string): Promise<void>;
}

/** Errors cross the boundary as plain data with what to do about them. */
export interface WorkerFailure {
  kind: 'nan' | 'device-lost' | 'out-of-memory' | 'backend-unavailable' | 'crashed' | 'data' | 'unknown';
  message: string;
  fix: string;
}
