// The worker's side of the protocol: one session that holds the dataset, the
// active backend and the current model between calls. Plain functions and
// state, so it also runs under Vitest (train.worker.ts only exposes it).
// Long jobs (train, evaluate) run one at a time; short requests are answered
// between their steps (ShortRequests in control.ts), or at once when idle.
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { buildModel, pixelScale } from './model/build';
import type { ImageDataset, SplitName } from '../data/types';
import { checkCompatibility } from '../model/compat';
import { activateBackend, startTrusted, wasmKernelThreads } from './backends';
import { kernelThreadTuner, type KernelThreadControl } from './kernel-threads';
import type { CheckpointStore } from './checkpoints';
import { JobControl, ShortRequests } from './control';
import { evaluateSplit } from './evaluate';
import { classifyError, nanFailure } from './failures';
import {
  checkImages,
  dataFailure,
  FailureError,
  liveLayerWeights,
  predictProbabilities,
  storedLayerWeights,
} from './questions';
import { restoreWeights, trainModel, type TrainerData } from './trainer';
import { modelTrial } from './backend-trial';
import { defaultBackendMemory, type BackendMemory } from './backend-memory';
import type { Architecture } from '../model/layers';
import { BACKEND_LABEL } from '../model/training';
import { planMicroBatches, type MicroBatchPlan } from '../model/step-memory';
import { backendMemory as wasmMemoryOf } from '../kernels/wasm/native';
import type { WasmBackend } from '../kernels/wasm/wasm-internals';
// --- augmentation preview (issue 11.2) ---
import { augmentPreviewProblem } from '../model/augmentation';
import { augmentSamples } from './augmentPreview';
import type {
  BackendChoice,
  BackendInfo,
  BackendName,
  EpochMetrics,
  EvaluateRequest,
  EvaluateResult,
  ModelSource,
  ShortResult,
  TrainOutcome,
  TrainRequest,
  TrainWorkerApi,
  WeightsAt,
  WorkerMemory,
} from './protocol';
import { memorySnapshots, type SnapshotStore } from './inspect/snapshotStore';
import { SNAPSHOT_RUN_BYTES, SnapshotKeeper, takeSnapshot, type EpochSnapshot } from './inspect/snapshots';
import type { Session, SessionModel } from './session';
import { inspectEntries } from './service-inspect';
import { modelIoEntries } from './service-io';
import { pixelEntries } from './service-pixels';
import { baseEntries } from './service-bases';
import type { SpillStore } from './spill';

export interface ServiceOptions {
  checkpoints: CheckpointStore;
  /** Batch events are sent at most this often (epoch ends always are). */
  batchEventIntervalMs?: number;
  now?: () => number;
  /** Where `auto` remembers its choice (default: IndexedDB in the worker). */
  backendMemory?: BackendMemory;
  /** The lab's WASM kernel threads, measured on each WASM run's first steps (default: the real pool, once WASM is up). */
  kernelThreads?: () => KernelThreadControl | null;
  /** Inspect (issue 12): where each run's epoch snapshots are kept (default: memory only). */
  snapshots?: SnapshotStore;
  /** Where a run's pixels wait on disk (issue 14.4): the Origin Private File System in the worker; null where there is none. */
  spills?: SpillStore | null;
}

const workerMemory = (): WorkerMemory => {
  const m = tf.memory();
  const wasm = tf.getBackend() === 'wasm' ? wasmMemoryOf(tf.backend() as unknown as WasmBackend) : null;
  return { numTensors: m.numTensors, numBytes: m.numBytes, ...(wasm ? { wasmBytes: wasm.buffer.byteLength } : {}) };
};

export function createTrainService(options: ServiceOptions): TrainWorkerApi {
  /** How a batch runs on `backend`: in pieces that bound a step's memory (src/model/step-memory.ts), a multiple of the kernel threads. */
  const piecePlan = (arch: Architecture, batchSize: number, backend: string): MicroBatchPlan | null => {
    if (!(backend in BACKEND_LABEL)) return null;
    const threads = backend === 'wasm' ? Math.max(1, ...(kernelThreads()?.choices ?? [1])) : 1;
    return planMicroBatches(arch, batchSize, backend as BackendName, threads);
  };
  const now = options.now ?? (() => performance.now());
  const interval = options.batchEventIntervalMs ?? 200;
  const store = options.checkpoints;
  const jobs = new Map<string, JobControl>();
  const backendMemory = options.backendMemory ?? defaultBackendMemory();
  const kernelThreads = options.kernelThreads ?? wasmKernelThreads;
  const snapshotStore = options.snapshots ?? memorySnapshots();
  /** Per train job: aborted by the 'wasm-now' control action (ends a running backend trial). */
  const wasmNowCuts = new Map<string, AbortController>();
  let dataset: ImageDataset | null = null;
  // Jobs run one after another: a new job waits for the previous one (e.g. a cancelled evaluation) to wind down.
  let queue: Promise<unknown> = Promise.resolve();
  const requests = new ShortRequests();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      await requests.hold();
      try {
        return await job();
      } finally {
        await requests.release();
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };
  let active: { key: string; info: BackendInfo } | null = null;
  let deviceLost: string | null = null;
  /** The model of the latest run, kept for later questions (weights, activations, predictions); `at` follows its steps. */
  let current: { runId: string; arch: Architecture; model: tf.LayersModel; at: WeightsAt } | null = null;
  /** The run being trained now: its live model must not be disposed under it. */
  let training: string | null = null;

  /**
   * The one helper behind every short request: queued between training steps
   * (or run at once when idle), failures as plain data, the answer's buffers
   * transferred rather than copied.
   */
  const short =
    <A extends unknown[], T>(answer: (...args: A) => Promise<{ value: T; transfer: ArrayBuffer[] }>) =>
    (...args: A): Promise<ShortResult<T>> =>
      requests.ask(async (): Promise<ShortResult<T>> => {
        try {
          const { value, transfer } = await answer(...args);
          return Comlink.transfer({ ok: true, value }, transfer);
        } catch (e) {
          return {
            ok: false,
            failure: e instanceof FailureError ? e.failure : classifyError(e, active?.info.name ?? null),
          };
        }
      });

  /** The session's dataset for `arch`, or a failure saying why it does not fit (model/compat.ts, the check the page makes too). */
  const trainerData = (datasetId: string, arch: TrainRequest['arch'], splits: readonly SplitName[]): TrainerData => {
    if (!dataset || dataset.id !== datasetId)
      throw dataFailure(
        'The training worker does not have this dataset.',
        'Load the dataset again in Data, then train.',
      );
    const compat = checkCompatibility(arch, dataset, { splits });
    if (!compat.ok) throw dataFailure(compat.problems[0]!.message, compat.problems[0]!.fix);
    return { train: dataset.train, val: dataset.val, geometry: dataset, numClasses: arch.numClasses };
  };

  /** Activates a backend once per choice (and, for auto, per model and batch size). */
  async function ensureBackend(
    choice: BackendChoice,
    req: TrainRequest,
    data: TrainerData,
    onStatus: (m: string) => void,
    wasmNow?: AbortSignal,
  ): Promise<BackendInfo> {
    const key = choice === 'auto' ? `auto|${req.settings.batchSize}|${JSON.stringify(req.arch)}` : choice;
    if (!req.freshBackendTrial && active && active.key === key && !deviceLost && tf.getBackend() === active.info.name)
      return active.info.source === 'trial' ? { ...active.info, source: 'remembered' } : active.info;
    // Backend trial (issue 10.1): capped trials of the student's model, remembered per device and model.
    const makeTrial = () =>
      modelTrial(req.arch, data, {
        ...req.settings,
        loss: req.loss,
        scale: pixelScale(req.arch),
        pieceSize: (b) => piecePlan(req.arch, req.settings.batchSize, b)?.size ?? null,
      });
    const activation = await activateBackend(
      choice,
      {
        arch: req.arch,
        batchSize: req.settings.batchSize,
        makeTrial,
        memory: backendMemory,
        fresh: req.freshBackendTrial,
        wasmNow,
      },
      onStatus,
    );
    deviceLost = null;
    void activation.device?.lost.then((info) => (deviceLost = info.message || 'the GPU device was lost'));
    active = { key, info: activation.info };
    return activation.info;
  }

  function replaceCurrent(runId: string, arch: Architecture, model: tf.LayersModel, at: WeightsAt) {
    if (current && current.model !== model) current.model.dispose();
    current = { runId, arch, model, at };
  }

  /** After a reload nothing is active yet: no trials, just the first backend that passes its self-test. */
  async function ensureSomeBackend(choice: BackendChoice, reason: string): Promise<BackendName> {
    if (!active || deviceLost) {
      const order: BackendName[] = choice === 'auto' ? ['webgl', 'webgpu', 'wasm', 'cpu'] : [choice];
      for (const name of order) {
        try {
          await startTrusted(name);
          active = { key: name, info: { name, adapter: null, reason, trials: [] } };
          break;
        } catch (e) {
          if (name === order.at(-1)) throw e;
        }
      }
    }
    return active!.info.name;
  }

  /** The live model, or a checkpoint's weights in a model of their architecture (the caller disposes `owned`). */
  async function modelFor(source: ModelSource): Promise<SessionModel> {
    if (source === 'current') {
      if (!current) throw dataFailure('There is no trained model yet.', 'Train a run first.');
      return { ...current, owned: false };
    }
    const checkpoint = await store.load(source.runId, source.which);
    if (!checkpoint)
      throw dataFailure(`This run has no kept ${source.which} checkpoint.`, 'Train for at least one epoch first.');
    // Never switch backends under a running job (it has one active); after a reload, start one.
    if (!requests.held) await ensureSomeBackend('auto', 'Used to predict.');
    const model = buildModel(source.arch);
    try {
      restoreWeights(model, checkpoint.tensors);
    } catch {
      model.dispose();
      throw dataFailure(
        'The kept weights do not fit this architecture.',
        "Use the architecture the run was trained with (the run's snapshot).",
      );
    }
    return { runId: source.runId, arch: source.arch, model, at: { epoch: checkpoint.epoch, batch: null }, owned: true };
  }

  async function train(
    req: TrainRequest,
    onEvent: Parameters<TrainWorkerApi['train']>[1],
    jobId: string,
  ): Promise<TrainOutcome> {
    let startEpoch = req.resumeFromEpoch ?? 0;
    let epochsDone = startEpoch;
    let bestEpoch: number | null = null;
    let backend: BackendName | null = null;
    const control = new JobControl((paused) => onEvent({ type: paused ? 'paused' : 'resumed' }), requests);
    jobs.set(jobId, control);
    training = req.runId;
    const wasmNow = new AbortController();
    wasmNowCuts.set(jobId, wasmNow);
    try {
      const data = trainerData(req.datasetId, req.arch, ['train', 'val']);
      onEvent({ type: 'preparing', message: 'Starting the backend…' });
      const info = await ensureBackend(
        req.settings.backend,
        req,
        data,
        (message) => onEvent({ type: 'preparing', message }),
        wasmNow.signal,
      );
      wasmNowCuts.delete(jobId);
      backend = info.name;
      onEvent({ type: 'backend', info });
      // Threads where they pay (issue 14): the first steps measure the lab's kernel thread counts on this model.
      const stepTuner =
        info.name === 'wasm'
          ? kernelThreadTuner(kernelThreads(), (k) => onEvent({ type: 'backend', info: { ...info, kernelThreads: k } }))
          : null;
      const model = buildModel(req.arch, req.settings.seed);
      replaceCurrent(req.runId, req.arch, model, { epoch: startEpoch, batch: null });
      const live = current!;
      // --- model import / fine-tuning (issue 13): start from stored weights, keep frozen layers as they are ---
      if (req.initialWeights && startEpoch === 0) {
        const initial = await store.load(req.initialWeights.runId, req.initialWeights.which);
        if (!initial)
          throw dataFailure(
            'The weights to start from are no longer stored.',
            'Import the model again, or train from fresh weights.',
          );
        try {
          restoreWeights(model, initial.tensors);
        } catch {
          throw dataFailure(
            'The weights to start from do not fit this architecture.',
            'Train the imported stack as it was imported, or untick "Continue training from the imported weights".',
          );
        }
      }
      if (req.frozen?.length)
        for (const layer of model.layers) if (req.frozen.includes(layer.name)) layer.trainable = false;
      // --- end of model import ---
      // Inspect (issue 12): per-epoch snapshots within SNAPSHOT_RUN_BYTES. A continued run keeps those of its
      // earlier epochs and plans its new ones in what is left (at least a quarter of the bound, so a run
      // continued late may hold up to 1 MiB more than the bound: its earlier epochs are never dropped).
      const earlier: EpochSnapshot[] =
        startEpoch > 0 ? (await snapshotStore.load(req.runId)).filter((x) => x.epoch <= startEpoch) : [];
      if (startEpoch === 0) await snapshotStore.deleteRun(req.runId);
      const earlierBytes = earlier.reduce((a, x) => a + x.bytes, 0);
      const keeper = new SnapshotKeeper(
        Math.max(1, req.settings.epochs - startEpoch),
        Math.max(SNAPSHOT_RUN_BYTES - earlierBytes, SNAPSHOT_RUN_BYTES / 4),
      );
      let bestSoFar: { epoch: number; valLoss: number } | null = null;
      let history: EpochMetrics[] = [];
      if (startEpoch > 0) {
        const last = await store.load(req.runId, 'last');
        // A reload can land after the worker saved epochs the page never recorded (its run record is
        // written to IndexedDB a moment after each epoch event): replay those epochs' numbers.
        const saved = last?.history ?? (last?.metrics ? [last.metrics] : []);
        const missed = last ? saved.filter((m) => m.epoch > startEpoch && m.epoch <= last.epoch) : [];
        if (!last || last.epoch < startEpoch || missed.length !== last.epoch - startEpoch)
          throw dataFailure(`The weights of epoch ${startEpoch} were not kept.`, 'Start a new run.');
        restoreWeights(model, last.tensors);
        history = saved.filter((m) => m.epoch <= last.epoch);
        const best = await store.load(req.runId, 'best');
        bestSoFar = best ? { epoch: best.epoch, valLoss: best.valLoss } : null;
        bestEpoch = bestSoFar?.epoch ?? null;
        for (const m of missed) onEvent({ type: 'epoch', metrics: m, isBest: bestEpoch === m.epoch });
        startEpoch = epochsDone = last.epoch;
      }
      const batches = Math.ceil(data.train.count / req.settings.batchSize);
      const pieces = piecePlan(req.arch, req.settings.batchSize, info.name);
      onEvent({
        type: 'started',
        batchesPerEpoch: batches,
        trainCount: data.train.count,
        valCount: data.val.count,
        memory: workerMemory(),
        pieces,
      });
      let lastEmit = -Infinity;
      const result = await trainModel(
        model,
        data,
        {
          ...req.settings,
          loss: req.loss,
          scale: pixelScale(req.arch),
          startEpoch,
          bestSoFar,
          pieceSize: pieces?.size ?? null,
        },
        {
          control,
          now,
          ...(stepTuner ? { stepTuner } : {}),
          onBatch: (progress) => {
            if (deviceLost) throw new Error(`GPU device lost: ${deviceLost}`);
            live.at = { epoch: progress.epoch, batch: progress.batch };
            const t = now();
            if (t - lastEmit < interval && progress.batch < progress.batchesPerEpoch) return;
            lastEmit = t;
            onEvent({ type: 'batch', progress });
          },
          onEpoch: async (metrics, isBest, tensors) => {
            epochsDone = metrics.epoch;
            live.at = { epoch: metrics.epoch, batch: null };
            history = [...history, metrics];
            await store.save({
              runId: req.runId,
              which: 'last',
              epoch: metrics.epoch,
              valLoss: metrics.valLoss,
              tensors,
              metrics,
              history,
            });
            if (isBest) {
              await store.save({
                runId: req.runId,
                which: 'best',
                epoch: metrics.epoch,
                valLoss: metrics.valLoss,
                tensors,
              });
              bestEpoch = metrics.epoch;
            }
            // Inspect (issue 12): this epoch's kernels for the scrubber; a failure to keep one never stops the run.
            try {
              keeper.add(await takeSnapshot(model, metrics.epoch));
              await snapshotStore.save(req.runId, [...earlier, ...keeper.list()]);
            } catch {
              /* the epoch is trained and checkpointed; only its snapshot is missing */
            }
            onEvent({ type: 'epoch', metrics, isBest });
          },
        },
      );
      if (result.end === 'early-stopped' && result.bestEpoch !== null)
        live.at = { epoch: result.bestEpoch, batch: null };
      const outcome: TrainOutcome = {
        end: result.end,
        epochsDone: result.epochsDone,
        bestEpoch: result.bestEpoch,
        memory: workerMemory(),
      };
      if (result.nanAt) {
        outcome.nanAt = result.nanAt;
        outcome.failure = nanFailure(result.nanAt, req.settings.learningRate);
      }
      return outcome;
    } catch (e) {
      const failure = e instanceof FailureError ? e.failure : classifyError(e, backend);
      return { end: 'failed', epochsDone, bestEpoch, failure };
    } finally {
      jobs.delete(jobId);
      training = null;
      wasmNowCuts.delete(jobId);
    }
  }

  async function evaluate(req: EvaluateRequest, jobId: string): Promise<EvaluateResult> {
    const control = new JobControl(undefined, requests);
    jobs.set(jobId, control);
    let backend: BackendName | null = null;
    let model: tf.LayersModel | null = null;
    try {
      const data = trainerData(req.datasetId, req.arch, [req.split]);
      const split = dataset![req.split];
      const checkpoint = await store.load(req.runId, 'best');
      if (!checkpoint) throw dataFailure('This run has no kept checkpoint yet.', 'Train for at least one epoch first.');
      backend = await ensureSomeBackend(req.backend, 'Used to evaluate.');
      model = buildModel(req.arch);
      restoreWeights(model, checkpoint.tensors);
      const score = await evaluateSplit(model, split, data.geometry, {
        loss: req.loss,
        batchSize: req.batchSize,
        pieceSize: piecePlan(req.arch, req.batchSize, backend)?.size ?? null,
        scale: pixelScale(req.arch),
        numClasses: data.numClasses,
        control,
      });
      if (!score)
        return {
          ok: false,
          failure: { kind: 'unknown', message: 'Evaluation was cancelled.', fix: 'Press Evaluate again.' },
        };
      return { ok: true, result: { epoch: checkpoint.epoch, ...score } };
    } catch (e) {
      return { ok: false, failure: e instanceof FailureError ? e.failure : classifyError(e, backend) };
    } finally {
      model?.dispose();
      jobs.delete(jobId);
    }
  }

  const session: Session = {
    short,
    modelFor,
    ensureSomeBackend,
    busy: () => requests.held,
    trainerData,
    dataset: () => dataset,
    store,
    snapshots: snapshotStore,
  };
  const pixels = pixelEntries(session, options.spills ?? null);

  return {
    async setDataset(next) {
      await pixels.forget();
      dataset = next;
    },
    async hasDataset(id) {
      return dataset?.id === id;
    },
    train: (req, onEvent, job) => serial(() => train(req, onEvent, job.jobId)),
    async control(jobId, action) {
      if (action === 'wasm-now') return void wasmNowCuts.get(jobId)?.abort();
      const job = jobs.get(jobId);
      if (!job) return;
      if (action === 'pause') job.pause();
      else if (action === 'resume') job.resume();
      else job.stop();
    },
    evaluate: (req, job) => serial(() => evaluate(req, job.jobId)),
    async getWeights(runId, which) {
      const c = await store.load(runId, which);
      if (!c) return null;
      // Copies, so transferring them never detaches what the store keeps.
      const tensors = c.tensors.map((t) => ({ ...t, values: new Float32Array(t.values) }));
      return Comlink.transfer(
        { runId, epoch: c.epoch, tensors },
        tensors.map((t) => t.values.buffer as ArrayBuffer),
      );
    },
    // Through the short-request queue: the live model is never disposed while a request reads it.
    deleteRun: (runId) =>
      requests.ask(async () => {
        await store.deleteRun(runId);
        await snapshotStore.deleteRun(runId);
        if (current?.runId === runId && training !== runId) {
          current.model.dispose();
          current = null;
        }
      }),
    layerWeights: short(async (source, layerName) => {
      if (source === 'current') {
        if (!current) throw dataFailure('There is no trained model yet.', 'Train a run first.');
        const tensors = await liveLayerWeights(current.model, layerName);
        return {
          value: { runId: current.runId, layerName, at: { ...current.at }, tensors },
          transfer: tensors.map((t) => t.values.buffer as ArrayBuffer),
        };
      }
      const checkpoint = await store.load(source.runId, source.which);
      if (!checkpoint)
        throw dataFailure(`This run has no kept ${source.which} checkpoint.`, 'Train for at least one epoch first.');
      const tensors = storedLayerWeights(checkpoint.tensors, layerName);
      return {
        value: { runId: source.runId, layerName, at: { epoch: checkpoint.epoch, batch: null }, tensors },
        transfer: tensors.map((t) => t.values.buffer as ArrayBuffer),
      };
    }),
    predict: short(async (source, images) => {
      const m = await modelFor(source);
      try {
        checkImages(images, m.arch.input);
        const probabilities = await predictProbabilities(m.model, images, pixelScale(m.arch), m.arch.numClasses);
        return {
          value: { runId: m.runId, at: { ...m.at }, numClasses: m.arch.numClasses, probabilities },
          transfer: [probabilities.buffer as ArrayBuffer],
        };
      } finally {
        if (m.owned) m.model.dispose();
      }
    }),
    // --- augmentation preview (issue 11.2) ---
    // On the backend training uses: the active one (a run's, untouched while a job holds the worker), else the
    // settings' choice is started, as predict does after a reload. The layers draw from their own seeded
    // generators, so a preview mid-run changes nothing the run draws.
    augmentSamples: short(async (req, backend) => {
      const problem = augmentPreviewProblem(req);
      if (problem) throw dataFailure(problem, 'Correct the augmentation layer in Model, or load the image again.');
      if (!requests.held) await ensureSomeBackend(backend, 'Used for the augmentation preview.');
      const images = augmentSamples(req);
      return { value: images, transfer: images.map((img) => img.buffer as ArrayBuffer) };
    }),
    ...inspectEntries(session),
    ...modelIoEntries(session),
    ...pixels.api,
    ...baseEntries(),
  };
}
