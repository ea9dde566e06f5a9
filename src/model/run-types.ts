// What a run is, in the words both threads use: its settings, its per-epoch numbers, its test score, how it
// ended, what it trained on and what went wrong. Plain data (pure, no tfjs): the store keeps these in the
// runs, the Keras exporter writes them out, the worker's protocol carries them (src/worker/protocol.ts
// re-exports them), so none of those needs the protocol for them.
import type { BackendChoice, BackendName, OptimizerName } from './training';

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
  // --- backend trial: how `auto` chose, so the Train view can say it ---
  /** How the choice was made: measured now, remembered from an earlier trial on this device, or the settings. */
  source?: 'trial' | 'remembered' | 'settings';
  /** When the trial behind this choice ran (ms since 1970): shown for a remembered choice. */
  decidedAt?: number;
  /** WASM: the threads the lab's kernels run on, measured on the run's first steps (worker/kernel-threads.ts). */
  kernelThreads?: KernelThreadsInfo;
}

export interface KernelThreadsInfo {
  /** Threads the lab's WASM kernels run on now. */
  threads: number;
  /** 'measuring': the first steps take turns on each count; 'measured': they did, and `threads` won. */
  state: 'measuring' | 'measured';
  /** The counts compared; when measured, each one's fastest step (ms). */
  trials: { threads: number; msPerStep: number | null }[];
}

export interface BackendTrial {
  backend: BackendName;
  ok: boolean;
  /** Median milliseconds per training step on the student's model and batch size. */
  msPerStep: number | null;
  /** A WebGPU adapter that is really software (isFallbackAdapter). */
  isFallbackAdapter?: boolean;
  error?: string;
  // --- backend trial: why a candidate was passed over, and what trying it cost ---
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

export type RunEnd = 'done' | 'stopped' | 'early-stopped' | 'nan' | 'failed';

/** Errors cross the boundary as plain data with what to do about them. */
export interface WorkerFailure {
  kind: 'nan' | 'device-lost' | 'out-of-memory' | 'backend-unavailable' | 'crashed' | 'data' | 'unknown';
  message: string;
  fix: string;
}
