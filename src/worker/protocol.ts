// The typed contract between the main thread and the training worker. The worker's service implements
// TrainWorkerApi; the page reaches it only through src/client (the client is derived from this type by
// src/client/bridge.ts, with no code per method; src/client/types.ts re-exports its types), so a change here
// is a compile error on whichever side forgot it. The run's own data (settings, metrics, failures) is
// src/model/run-types.ts; the ticket types are job-ticket.ts. Imports no code.
import type { Architecture } from '../model/layers';
import type { BaseDownloadPlan, BaseDownloadProgress, BaseNeed, KeptBaseFile } from '../model/base-files';
import type { KeptTfjsBase } from '../model/bases/tfjs-types';
import type { JobTicket, LongCallArity } from './job-ticket';
import type { ImageDataset, SplitName } from '../data/types';
import type { PixelLayout } from '../data/spill-file';
// --- augmentation preview ---
import type { AugmentPreviewRequest, AugmentPreviewResponse } from '../model/augmentation';
export type { AugmentPreviewRequest, AugmentPreviewResponse, PreviewImage } from '../model/augmentation';
// Inspect: the types of its requests and results.
import type { StoredCheckpoint } from './checkpoints';
import type { EpochSnapshot } from './inspect/snapshots';
import type { ConfusionResult, ConvExplainData, KernelSet, LayerActivation, PoolExplainData } from './inspect/types';

import type { BackendChoice } from '../model/training';
import type { WorkerFailure } from '../model/run-types';
export type {
  BackendInfo,
  BackendTrial,
  EpochMetrics,
  KernelThreadsInfo,
  RunEnd,
  TestResult,
  TrainSettings,
  WorkerFailure,
} from '../model/run-types';
import type {
  ControlAction,
  EvaluateRequest,
  EvaluateResult,
  TrainEvent,
  TrainOutcome,
  TrainRequest,
  WeightsSnapshot,
} from './protocol-train';
import type {
  InspectActivationsRequest,
  InspectConfusionRequest,
  InspectConvRequest,
  InspectPoolRequest,
  InspectPredictRequest,
  InspectPrediction,
  InspectSource,
  SnapshotList,
} from './protocol-inspect';
export type { BackendChoice, BackendName, OptimizerName } from '../model/training';

/** Where a short request finds weights: a run's kept checkpoint, or 'current': the live model of the run going on (or of the last run). */
export type WeightsSource = 'current' | { runId: string; which: 'best' | 'last' };

/** A checkpoint holds only tensors, so predicting from one also needs the architecture they belong to. */
export type ModelSource = 'current' | { runId: string; which: 'best' | 'last'; arch: Architecture };

/**
 * Where weights come from in a run: after `batch` steps of `epoch` (live, mid-epoch), or at the end of
 * `epoch` (batch null; epoch 0 = the initial weights).
 */
export interface WeightsAt {
  epoch: number;
  batch: number | null;
}

export interface LayerWeights {
  runId: string;
  layerName: string;
  at: WeightsAt;
  /** The layer's tensors in the model's order (e.g. kernel, bias); empty for a layer without weights. Buffers are transferred. */
  tensors: { name: string; shape: number[]; values: Float32Array }[];
}

/** A few images, as the dataset keeps them: bytes 0-255, count x height x width x channels. */
export interface ImageBatch {
  pixels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
}

export interface Prediction {
  runId: string;
  at: WeightsAt;
  numClasses: number;
  /** count x numClasses, rows sum to 1 (a one-unit sigmoid output is given as [1 - p, p]). Transferred. */
  probabilities: Float32Array;
}

// --- model export / import ---
/** A file by name and bytes, either way across the boundary (buffers transferred). */
export interface ModelFile {
  name: string;
  bytes: Uint8Array;
}

export interface ExportModelRequest {
  /** The checkpoint to export and the architecture it belongs to (the run's snapshot). */
  runId: string;
  which: 'best' | 'last';
  arch: Architecture;
  /** "For prediction only": without the augmentation layers (Dropout stays; it is inactive at inference). */
  stripAugmentation: boolean;
  /** One .zip holding model.json and the .bin (else the two files). */
  zip: boolean;
  /** The zip's file name without ".zip". */
  stem: string;
  /** The class names in output order and the run's name: written as metadata.json beside model.json. */
  metadata?: { classNames: readonly string[]; modelName: string };
  /** TensorFlow.js (the default), a Keras 3 `.keras` file, or Keras 3's weights alone (`.weights.h5`). */
  format?: 'tfjs' | 'keras' | 'keras-weights';
}

export interface ImportedModel {
  /** The run the weights are stored under (as its best and last checkpoint, epoch 0). */
  runId: string;
  arch: Architecture;
  /** Number of weight tensors read. */
  tensors: number;
  /** The class names of a metadata.json beside model.json, or null. */
  classNames?: string[] | null;
}

// --- the project file (service-project.ts) ---
/** A run's kept checkpoints and epoch snapshots, as the worker keeps them. */
export interface ProjectRunData {
  runId: string;
  best: StoredCheckpoint | null;
  last: StoredCheckpoint | null;
  snapshots: EpochSnapshot[];
}

/** At most this many images per predict call: a short request must stay short (it runs between training steps). */
export const MAX_PREDICT_IMAGES = 64;

/** A short request's answer: the value, or what went wrong and what to do. */
export type ShortResult<T> = { ok: true; value: T } | { ok: false; failure: WorkerFailure };

/**
 * The worker's API (Comlink), served by service.ts; the main thread's client
 * (client.ts) is derived from this type, so adding a call is an edit here and
 * in the service only.
 *
 * Long calls (train, evaluate) take a JobTicket last and run one at a time;
 * the client passes `{ signal, jobId }` in its place, and an abort becomes
 * control(jobId, 'stop'). Each long call needs its entry in LONG_CALLS (the
 * compiler checks it). Long calls have no optional parameters.
 *
 * Short requests (layerWeights, predict, ...) never wait for a long job: while
 * one runs they are queued and answered between two training steps (after a
 * step's update and metric read, before the next batch; also while paused),
 * on the latest weights, without drawing random numbers or changing weights;
 * when nothing runs they are answered at once. To add one (e.g. one image's
 * activations, augmented samples, saving the model): add the method here
 * returning Promise<ShortResult<...>>, and one entry in the service's API
 * object wrapped by its `short(...)` helper; nothing else.
 */
export interface TrainWorkerApi {
  /** Hands the dataset to the worker once per dataset (the client skips a resend of the same one). */
  setDataset(dataset: ImageDataset): Promise<void>;
  hasDataset(datasetId: string): Promise<boolean>;
  train(request: TrainRequest, onEvent: (event: TrainEvent) => void, job: JobTicket): Promise<TrainOutcome>;
  control(jobId: string, action: ControlAction): Promise<void>;
  /** Scores a run's kept (best) checkpoint on a split. */
  evaluate(request: EvaluateRequest, job: JobTicket): Promise<EvaluateResult>;
  /** The kept checkpoint's weights, as transferables. */
  getWeights(runId: string, which: 'best' | 'last'): Promise<WeightsSnapshot | null>;
  /** Forget a run's stored checkpoints (and its live model, unless it is training). */
  deleteRun(runId: string): Promise<void>;
  /** Short: one layer's weight tensors (layerName as Keras names it, e.g. "conv2d_1"). */
  layerWeights(source: WeightsSource, layerName: string): Promise<ShortResult<LayerWeights>>;
  /** Short: class probabilities for a few images, in inference mode, with the model's pixel scaling. */
  predict(source: ModelSource, images: ImageBatch): Promise<ShortResult<Prediction>>;
  // --- augmentation preview ---
  /**
   * Short: `request.count` augmented copies of one image, through the stack's leading augmentation layers in
   * training mode, on the training backend (the active one; `backend` is the settings' choice, started only when
   * none is active yet). Same request and seed, same images.
   */
  augmentSamples(request: AugmentPreviewRequest, backend: BackendChoice): Promise<ShortResult<AugmentPreviewResponse>>;
  // --- inspect ---
  /** Short: a Conv2D layer's filters (or a first Dense layer's units as images), from a model or an epoch snapshot. */
  inspectKernels(source: InspectSource, layer: string): Promise<ShortResult<KernelSet>>;
  /** Short: feature maps for one image (H x W x C bytes), a page of channels per layer. */
  inspectActivations(
    source: InspectSource,
    request: InspectActivationsRequest,
  ): Promise<ShortResult<LayerActivation[]>>;
  /** Short: the data behind the step-by-step convolution view for one filter. */
  inspectConv(source: InspectSource, request: InspectConvRequest): Promise<ShortResult<ConvExplainData>>;
  /** Short: the data behind the step-by-step max-pooling view for one channel. */
  inspectPool(source: InspectSource, request: InspectPoolRequest): Promise<ShortResult<PoolExplainData>>;
  /**
   * Short, but batched: the confusion matrix of a split of the worker's dataset. It yields to the
   * event loop between batches (so a stop or pause message gets through); during a run it answers
   * at a step boundary and the run resumes after it (a 2,000-image split: about 32 batches).
   */
  inspectConfusion(source: InspectSource, request: InspectConfusionRequest): Promise<ShortResult<ConfusionResult>>;
  /** Short: "Try it": one image's class probabilities and where the model looked. */
  inspectPredict(source: InspectSource, request: InspectPredictRequest): Promise<ShortResult<InspectPrediction>>;
  /** Short: a run's kept epoch snapshots (without their weights) and their bytes. */
  snapshots(runId: string): Promise<ShortResult<SnapshotList>>;
  // --- end inspect ---
  // --- model export / import ---
  /** Short: a checkpoint as a TensorFlow.js LayersModel (model.json + .bin, or one .zip). */
  exportModel(request: ExportModelRequest): Promise<ShortResult<ModelFile[]>>;
  /**
   * Short: reads model.json + .bin files (or a .zip), stores the weights as `runId`'s best and last
   * checkpoint, and gives the architecture; changes nothing on failure.
   */
  importModel(runId: string, files: ModelFile[]): Promise<ShortResult<ImportedModel>>;
  // --- pixels on disk while training (src/data/spill-file.ts) ---
  /**
   * Short: writes the dataset's pixels to a file and lets go of the worker's views; training then reads them
   * from it. The page drops its views after.
   */
  pixelsToDisk(datasetId: string): Promise<ShortResult<{ layout: PixelLayout }>>;
  /**
   * Short: the pixels read back from the file into a new shared block (the worker has views of it again); the
   * page takes its views of it.
   */
  pixelsBack(datasetId: string): Promise<ShortResult<{ block: ArrayBufferLike; layout: PixelLayout }>>;
  /** Short: some images of a split, one after another (H x W x C bytes each), wherever the pixels are. */
  readImages(datasetId: string, split: SplitName, indices: number[]): Promise<ShortResult<Uint8Array>>;
  // --- pretrained bases' weight files (service-bases.ts; not queued behind training) ---
  /** The weight files kept in this browser. */
  baseFiles(): Promise<ShortResult<KeptBaseFile[]>>;
  /** Reads and checks a picked file (for `meant`, the model's base, where it has one), then keeps it. */
  addBaseFile(file: { name: string; blob: Blob }, meant: BaseNeed | null): Promise<ShortResult<KeptBaseFile>>;
  /** Downloads `plan.url` (the student clicked), checks and keeps it; cancelBaseDownload(downloadId) stops it. */
  downloadBaseFile(
    plan: BaseDownloadPlan,
    meant: BaseNeed,
    downloadId: string,
    onProgress: (progress: BaseDownloadProgress) => void,
  ): Promise<ShortResult<KeptBaseFile>>;
  cancelBaseDownload(downloadId: string): Promise<void>;
  removeBaseFile(fileName: string): Promise<ShortResult<null>>;
  /** The TensorFlow.js bases kept in this browser. */
  tfjsBases(): Promise<ShortResult<KeptTfjsBase[]>>;
  /** Reads a picked TF.js LayersModel (model.json + its .bin files, or a .zip), takes its base and keeps it. */
  addTfjsBase(files: { name: string; blob: Blob }[]): Promise<ShortResult<KeptTfjsBase>>;
  removeTfjsBase(fileName: string): Promise<ShortResult<null>>;
  /** Keeps a second base: a kept one cut after `layer` (a whole classifier without its head, say). */
  cutTfjsBase(fileName: string, layer: string): Promise<ShortResult<KeptTfjsBase>>;
  // --- the project file (service-project.ts) ---
  /** Short: a run's kept checkpoints and epoch snapshots, for a project file. */
  projectRunData(runId: string): Promise<ShortResult<ProjectRunData>>;
  /** Short: forgets the `forget` runs' checkpoints and snapshots, then keeps each given run's. */
  projectRestoreRuns(forget: string[], runs: ProjectRunData[]): Promise<ShortResult<null>>;
}

/** Per long call, the number of arguments before its JobTicket (the bridge puts the ticket there). */
export const LONG_CALLS: LongCallArity<TrainWorkerApi> = { train: 2, evaluate: 1 };

/** The inspect views' requests and results (plain data; the functions are in src/worker/inspect). */
export type * from './inspect/types';
export type { Prediction as ImagePrediction } from './inspect/types';
export type * from './protocol-inspect';
export type * from './protocol-train';
