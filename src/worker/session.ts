// One worker's session: the dataset handed over, the active backend, the model of the latest run and the
// stores, shared by the entries of the worker API (service-train.ts, service-questions.ts, service-store.ts,
// service-inspect.ts, service-io.ts, service-pixels.ts; service.ts puts them together). Long jobs run one
// at a time (`serial`); short requests go through `short`, answered between a job's steps (ShortRequests in
// control.ts) or at once when idle.
import { tfjsBasesReady } from './base-files/tfjs-keep';
import type * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import type { ImageDataset, SplitName } from '../data/types';
import { checkCompatibility } from '../model/compat';
import type { Architecture } from '../model/layers';
import { planMicroBatches, type MicroBatchPlan } from '../model/step-memory';
import { BACKEND_LABEL } from '../model/training';
import { ActiveBackend } from './active-backend';
import type { BackendMemory } from './backend-memory';
import { checkpointModel, keptCheckpoint, type CheckpointStore } from './checkpoints';
import { JobControl, ShortRequests } from './control';
import { classifyError } from './failures';
import type { SnapshotStore } from './inspect/snapshot-store';
import type { KernelThreadControl } from './kernel-threads';
import type { BackendChoice, BackendName, ModelSource, ShortResult, WeightsAt } from './protocol';
import { dataFailure, FailureError } from './questions';
import type { TrainerData } from './trainer';

/** The model of the latest run, kept for later questions; `at` follows its steps. */
export interface LiveModel {
  runId: string;
  arch: Architecture;
  model: tf.LayersModel;
  at: WeightsAt;
}

/** A model to answer a question with; the caller disposes it when `owned`. */
export interface SessionModel extends LiveModel {
  owned: boolean;
}

export interface SessionOptions {
  checkpoints: CheckpointStore;
  snapshots: SnapshotStore;
  backendMemory: BackendMemory;
  kernelThreads: () => KernelThreadControl | null;
}

export class Session {
  readonly store: CheckpointStore;
  readonly snapshots: SnapshotStore;
  readonly backendMemory: BackendMemory;
  readonly kernelThreads: () => KernelThreadControl | null;
  readonly backend = new ActiveBackend();
  readonly requests = new ShortRequests();
  /** The long jobs running, by job id, for control(). */
  readonly jobs = new Map<string, JobControl>();
  dataset: ImageDataset | null = null;
  current: LiveModel | null = null;
  /** The run being trained now: its live model must not be disposed under it. */
  training: string | null = null;
  // Jobs run one after another: a new job waits for the previous one (e.g. a cancelled evaluation) to wind down.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SessionOptions) {
    this.store = options.checkpoints;
    this.snapshots = options.snapshots;
    this.backendMemory = options.backendMemory;
    this.kernelThreads = options.kernelThreads;
  }

  /** A long job: after the previous one, holding the worker (short requests wait for its next step). */
  serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      // Builds are synchronous: a kept TF.js base must be buildable in this worker before any job starts.
      await tfjsBasesReady();
      await this.requests.hold();
      try {
        return await job();
      } finally {
        await this.requests.release();
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The one helper behind every short request: queued between training steps (or run at once when idle),
   * failures as plain data, the answer's buffers transferred rather than copied.
   */
  short<A extends unknown[], T>(
    answer: (...args: A) => Promise<{ value: T; transfer: ArrayBuffer[] }>,
  ): (...args: A) => Promise<ShortResult<T>> {
    return (...args) =>
      this.requests.ask(async (): Promise<ShortResult<T>> => {
        try {
          await tfjsBasesReady();
          const { value, transfer } = await answer(...args);
          return Comlink.transfer({ ok: true, value }, transfer);
        } catch (e) {
          return { ok: false, failure: e instanceof FailureError ? e.failure : classifyError(e, this.backend.name) };
        }
      });
  }

  /** A long job holds the worker: its backend is active and must not be switched. */
  busy(): boolean {
    return this.requests.held;
  }

  /**
   * The one way a short request gets a backend: the active one while a job holds the worker (never switched
   * under it), else the active one or, after a reload, `choice` started untimed (ActiveBackend.untimed).
   */
  async readyBackend(reason: string, choice: BackendChoice = 'auto'): Promise<void> {
    if (!this.busy()) await this.backend.untimed(choice, reason);
  }

  /** The session's dataset for `arch`, or a failure saying why it does not fit (model/compat.ts, the check the page makes too). */
  trainerData(datasetId: string, arch: Architecture, splits: readonly SplitName[]): TrainerData {
    const dataset = this.dataset;
    if (!dataset || dataset.id !== datasetId)
      throw dataFailure(
        'The training worker does not have this dataset.',
        'Load the dataset again in Data, then train.',
      );
    const compat = checkCompatibility(arch, dataset, { splits });
    if (!compat.ok) throw dataFailure(compat.problems[0]!.message, compat.problems[0]!.fix);
    return { train: dataset.train, val: dataset.val, geometry: dataset, numClasses: arch.numClasses };
  }

  /** How a batch runs on `backend`: in pieces that bound a step's memory (src/model/step-memory.ts), a multiple of the kernel threads. */
  piecePlan(arch: Architecture, batchSize: number, backend: string): MicroBatchPlan | null {
    if (!(backend in BACKEND_LABEL)) return null;
    const threads = backend === 'wasm' ? Math.max(1, ...(this.kernelThreads()?.choices ?? [1])) : 1;
    return planMicroBatches(arch, batchSize, backend as BackendName, threads);
  }

  /** The latest run's model from now on; the one before is disposed. */
  replaceCurrent(live: LiveModel): LiveModel {
    if (this.current && this.current.model !== live.model) this.current.model.dispose();
    return (this.current = live);
  }

  /** The live model, or a kept checkpoint's weights in a model of their architecture (the caller disposes `owned`). */
  async modelFor(source: ModelSource): Promise<SessionModel> {
    if (source === 'current') {
      if (!this.current) throw dataFailure('There is no trained model yet.', 'Train a run first.');
      return { ...this.current, owned: false };
    }
    const checkpoint = await keptCheckpoint(this.store, source.runId, source.which);
    await this.readyBackend('Used to predict.');
    const model = checkpointModel(source.arch, checkpoint);
    return { runId: source.runId, arch: source.arch, model, at: { epoch: checkpoint.epoch, batch: null }, owned: true };
  }
}
