// The worker's side of the protocol: one session that holds the dataset, the
// active backend and the current model between calls. Plain functions and
// state, so it also runs under Vitest (train.worker.ts only exposes it).
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { buildModel, pixelScale } from './model/build';
import type { ImageDataset } from '../data/types';
import { activateBackend, startTrusted } from './backends';
import type { CheckpointStore } from './checkpoints';
import { JobControl } from './control';
import { evaluateSplit } from './evaluate';
import { classifyError, nanFailure } from './failures';
import { measureStepMs, restoreWeights, trainModel, type TrainerData } from './trainer';
import type { BackendChoice, BackendInfo, BackendName, EvaluateRequest, EvaluateResult, TrainOutcome, TrainRequest, TrainWorkerApi, WorkerFailure } from './protocol';

export interface ServiceOptions {
  checkpoints: CheckpointStore;
  /** Batch events are sent at most this often (epoch ends always are). */
  batchEventIntervalMs?: number;
  now?: () => number;
}

class FailureError extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(failure.message);
  }
}

const workerMemory = () => {
  const m = tf.memory();
  return { numTensors: m.numTensors, numBytes: m.numBytes };
};

const dataFailure = (message: string, fix: string) => new FailureError({ kind: 'data', message, fix });

export function createTrainService(options: ServiceOptions): TrainWorkerApi {
  const now = options.now ?? (() => performance.now());
  const interval = options.batchEventIntervalMs ?? 200;
  const store = options.checkpoints;
  const jobs = new Map<string, JobControl>();
  let dataset: ImageDataset | null = null;
  // Jobs run one after another: a new job waits for the previous one (e.g. a cancelled evaluation) to wind down.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job);
    queue = next.catch(() => undefined);
    return next;
  };
  let active: { key: string; info: BackendInfo } | null = null;
  let deviceLost: string | null = null;
  /** The model of the latest run, kept for later questions (weights, activations, predictions). */
  let current: { runId: string; model: tf.LayersModel } | null = null;

  const trainerData = (datasetId: string, arch: TrainRequest['arch']): TrainerData => {
    if (!dataset || dataset.id !== datasetId) throw dataFailure('The training worker does not have this dataset.', 'Load the dataset again in Data, then train.');
    const { height, width, channels } = arch.input;
    if (dataset.height !== height || dataset.width !== width || dataset.channels !== channels)
      throw dataFailure(`The images are ${dataset.width}x${dataset.height}x${dataset.channels} but the model expects ${width}x${height}x${channels}.`, 'Make the model input match the data, or reload the data at the model size.');
    if (dataset.classNames.length !== arch.numClasses)
      throw dataFailure(`The dataset has ${dataset.classNames.length} classes but the model is set up for ${arch.numClasses}.`, 'Set the number of classes in Model to match the data.');
    return { train: dataset.train, val: dataset.val, geometry: dataset, numClasses: arch.numClasses };
  };

  /** Activates a backend once per choice (and, for auto, per model and batch size). */
  async function ensureBackend(choice: BackendChoice, req: TrainRequest, data: TrainerData, onStatus: (m: string) => void): Promise<BackendInfo> {
    const key = choice === 'auto' ? `auto|${req.settings.batchSize}|${JSON.stringify(req.arch)}` : choice;
    if (active && active.key === key && !deviceLost && tf.getBackend() === active.info.name) return active.info;
    const trial = async () => {
      const model = buildModel(req.arch, req.settings.seed);
      try {
        return await measureStepMs(model, data, { ...req.settings, loss: req.loss, scale: pixelScale(req.arch) }, now);
      } finally {
        model.dispose();
      }
    };
    const activation = await activateBackend(choice, req.settings.batchSize, trial, onStatus);
    deviceLost = null;
    void activation.device?.lost.then((info) => (deviceLost = info.message || 'the GPU device was lost'));
    active = { key, info: activation.info };
    return activation.info;
  }

  function replaceCurrent(runId: string, model: tf.LayersModel) {
    if (current && current.model !== model) current.model.dispose();
    current = { runId, model };
  }

  async function train(jobId: string, req: TrainRequest, onEvent: Parameters<TrainWorkerApi['train']>[2]): Promise<TrainOutcome> {
    let startEpoch = req.resumeFromEpoch ?? 0;
    let epochsDone = startEpoch;
    let bestEpoch: number | null = null;
    let backend: BackendName | null = null;
    const control = new JobControl((paused) => onEvent({ type: paused ? 'paused' : 'resumed' }));
    jobs.set(jobId, control);
    try {
      const data = trainerData(req.datasetId, req.arch);
      if (data.train.count === 0 || data.val.count === 0) throw dataFailure('Training needs images in both the training and the validation split.', 'Load more images, or change the split in Data.');
      onEvent({ type: 'preparing', message: 'Starting the backend…' });
      const info = await ensureBackend(req.settings.backend, req, data, (message) => onEvent({ type: 'preparing', message }));
      backend = info.name;
      onEvent({ type: 'backend', info });
      const model = buildModel(req.arch, req.settings.seed);
      replaceCurrent(req.runId, model);
      let bestSoFar: { epoch: number; valLoss: number } | null = null;
      if (startEpoch > 0) {
        const last = await store.load(req.runId, 'last');
        // A reload can land after the worker saved epoch N+1 but before the page recorded it: replay that epoch's metrics.
        const replay = last && last.epoch === startEpoch + 1 && last.metrics ? last.metrics : null;
        if (!last || (last.epoch !== startEpoch && !replay)) throw dataFailure(`The weights of epoch ${startEpoch} were not kept.`, 'Start a new run.');
        restoreWeights(model, last.tensors);
        const best = await store.load(req.runId, 'best');
        bestSoFar = best ? { epoch: best.epoch, valLoss: best.valLoss } : null;
        bestEpoch = bestSoFar?.epoch ?? null;
        if (replay) {
          onEvent({ type: 'epoch', metrics: replay, isBest: bestEpoch === replay.epoch });
          startEpoch = epochsDone = replay.epoch;
        }
      }
      const batches = Math.ceil(data.train.count / req.settings.batchSize);
      onEvent({ type: 'started', batchesPerEpoch: batches, trainCount: data.train.count, valCount: data.val.count, memory: workerMemory() });
      let lastEmit = -Infinity;
      const result = await trainModel(model, data, { ...req.settings, loss: req.loss, scale: pixelScale(req.arch), startEpoch, bestSoFar }, {
        control,
        now,
        onBatch: (progress) => {
          if (deviceLost) throw new Error(`GPU device lost: ${deviceLost}`);
          const t = now();
          if (t - lastEmit < interval && progress.batch < progress.batchesPerEpoch) return;
          lastEmit = t;
          onEvent({ type: 'batch', progress });
        },
        onEpoch: async (metrics, isBest, tensors) => {
          epochsDone = metrics.epoch;
          await store.save({ runId: req.runId, which: 'last', epoch: metrics.epoch, valLoss: metrics.valLoss, tensors, metrics });
          if (isBest) {
            await store.save({ runId: req.runId, which: 'best', epoch: metrics.epoch, valLoss: metrics.valLoss, tensors });
            bestEpoch = metrics.epoch;
          }
          onEvent({ type: 'epoch', metrics, isBest });
        },
      });
      const outcome: TrainOutcome = { end: result.end, epochsDone: result.epochsDone, bestEpoch: result.bestEpoch, memory: workerMemory() };
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
    }
  }

  async function evaluate(jobId: string, req: EvaluateRequest): Promise<EvaluateResult> {
    const control = new JobControl();
    jobs.set(jobId, control);
    let backend: BackendName | null = null;
    let model: tf.LayersModel | null = null;
    try {
      const data = trainerData(req.datasetId, req.arch);
      const split = dataset![req.split];
      if (split.count === 0) throw dataFailure(`The ${req.split} split has no images.`, 'Give the test split some images in Data (e.g. a test/ folder or a larger test fraction).');
      const checkpoint = await store.load(req.runId, 'best');
      if (!checkpoint) throw dataFailure('This run has no kept checkpoint yet.', 'Train for at least one epoch first.');
      if (!active || deviceLost) {
        // After a reload nothing is active yet: no trials, just the first backend that passes its self-test.
        const order: BackendName[] = req.backend === 'auto' ? ['webgl', 'webgpu', 'wasm', 'cpu'] : [req.backend];
        for (const name of order) {
          try {
            await startTrusted(name);
            active = { key: name, info: { name, adapter: null, reason: 'Used to evaluate.', trials: [] } };
            break;
          } catch (e) {
            if (name === order.at(-1)) throw e;
          }
        }
      }
      backend = active!.info.name;
      model = buildModel(req.arch);
      restoreWeights(model, checkpoint.tensors);
      const score = await evaluateSplit(model, split, data.geometry, { loss: req.loss, batchSize: req.batchSize, scale: pixelScale(req.arch), numClasses: data.numClasses, control });
      if (!score) return { ok: false, failure: { kind: 'unknown', message: 'Evaluation was cancelled.', fix: 'Press Evaluate again.' } };
      return { ok: true, result: { epoch: checkpoint.epoch, ...score } };
    } catch (e) {
      return { ok: false, failure: e instanceof FailureError ? e.failure : classifyError(e, backend) };
    } finally {
      model?.dispose();
      jobs.delete(jobId);
    }
  }

  return {
    async setDataset(next) {
      dataset = next;
    },
    async hasDataset(id) {
      return dataset?.id === id;
    },
    train: (jobId, req, onEvent) => serial(() => train(jobId, req, onEvent)),
    async control(jobId, action) {
      const job = jobs.get(jobId);
      if (!job) return;
      if (action === 'pause') job.pause();
      else if (action === 'resume') job.resume();
      else job.stop();
    },
    evaluate: (jobId, req) => serial(() => evaluate(jobId, req)),
    async getWeights(runId, which) {
      const c = await store.load(runId, which);
      if (!c) return null;
      // Copies, so transferring them never detaches what the store keeps.
      const tensors = c.tensors.map((t) => ({ ...t, values: new Float32Array(t.values) }));
      return Comlink.transfer({ runId, epoch: c.epoch, tensors }, tensors.map((t) => t.values.buffer as ArrayBuffer));
    },
    async deleteRun(runId) {
      await store.deleteRun(runId);
      if (current?.runId === runId) {
        current.model.dispose();
        current = null;
      }
    },
  };
}
