// The protocol's long jobs: what a run needs, the events it sends, how it ends, and the evaluation of a kept
// checkpoint. Types only (the page names them through src/client/types.ts).
import type { SplitName } from '../data/types';
import type { PixelsWhileTraining } from '../data/spill-file';
import type { LossName } from '../model/infer';
import type { Architecture } from '../model/layers';
import type { BackendInfo, EpochMetrics, RunEnd, TestResult, TrainSettings, WorkerFailure } from '../model/run-types';
import type { MicroBatchPlan } from '../model/step-memory';
import type { BackendChoice } from '../model/training';

/** Everything a run needs; the arch is a snapshot so later edits do not change it. */
export interface TrainRequest {
  runId: string;
  arch: Architecture;
  loss: LossName;
  settings: TrainSettings;
  datasetId: string;
  /** Continue a run from its last saved epoch (after a crash or a backend switch). */
  resumeFromEpoch?: number;
  /** Backend trial: forget the remembered `auto` choice for this model and measure again. */
  freshBackendTrial?: boolean;
  // --- model import / fine-tuning ---
  /** Start from a stored checkpoint's weights (e.g. an imported model's) instead of fresh ones; ignored when resuming. */
  initialWeights?: {
    runId: string;
    which: 'best' | 'last';
    /**
     * 'head': only the layers after the pretrained base, matched by name and shape, the base starting from the
     * kept ImageNet weights (fine-tuning from a feature-extraction run, whose model had no augmentation).
     * Default: every weight, in order.
     */
    layers?: 'head';
  };
  /** Keras layer names (conv2d, dense_1, ...) kept as they are: trainable = false, so the optimiser never sees them. */
  frozen?: string[];
  /** Train > Settings' "Pixels while training" (default auto): fast feature extraction's features follow it too. */
  pixelsWhileTraining?: PixelsWhileTraining;
}

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
export interface WorkerMemory {
  numTensors: number;
  numBytes: number;
  /** WASM: the size tfjs-wasm's WebAssembly memory has grown to (it never shrinks; the tensors' bytes live inside it). */
  wasmBytes?: number;
}

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
  | {
      type: 'started';
      batchesPerEpoch: number;
      trainCount: number;
      valCount: number;
      memory: WorkerMemory;
      /** How each batch runs: in pieces that bound a step's memory, or null (whole). */ pieces: MicroBatchPlan | null;
    }
  | { type: 'batch'; progress: BatchProgress }
  | { type: 'epoch'; metrics: EpochMetrics; isBest: boolean }
  | { type: 'paused' }
  | { type: 'resumed' };

/** 'wasm-now': end a running backend trial at once and train on WASM. */
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
