// The long jobs of the worker API: train (a run, continued or fresh, with its checkpoints and epoch
// snapshots) and evaluate (a kept checkpoint scored on a split), plus control() over them. One at a time
// (Session.serial); short requests are answered at their step boundaries.
import * as tf from '@tensorflow/tfjs';
import { buildModel, pixelScale } from './model/build';
import { putKeptBaseWeights } from './base-files/apply';
import { backendMemory as wasmMemoryOf } from '../kernels/wasm/native';
import type { WasmBackend } from '../kernels/wasm/wasm-internals';
import { checkpointModel, keptCheckpoint, restoreCheckpoint } from './checkpoints';
import { JobControl } from './control';
import { evaluateSplit } from './evaluate';
import { classifyError, nanFailure } from './failures';
import { kernelThreadTuner } from './kernel-threads';
import { modelTrial } from './backend-trial';
import { dataFailure, FailureError } from './questions';
import { trainModel } from './trainer';
import { fastFeatures } from './fast-train';
import type { FeatureDisk } from './feature-keep';
import { restoreHead } from './head-weights';
import { SNAPSHOT_RUN_BYTES, SnapshotKeeper, takeSnapshot, type EpochSnapshot } from './inspect/snapshots';
import type { BackendName, EpochMetrics, TrainOutcome, TrainRequest, TrainWorkerApi, WorkerMemory } from './protocol';
import type { Session } from './session';

export type TrainEntries = Pick<TrainWorkerApi, 'train' | 'evaluate' | 'control'>;
type OnEvent = Parameters<TrainWorkerApi['train']>[1];

export interface TrainTiming {
  /** Batch events are sent at most this often (epoch ends always are). */
  batchEventIntervalMs: number;
  now: () => number;
  /** Where fast feature extraction may keep the base's features on disk (default: nowhere, so in memory). */
  featureDisk?: FeatureDisk;
}

const workerMemory = (): WorkerMemory => {
  const m = tf.memory();
  const wasm = tf.getBackend() === 'wasm' ? wasmMemoryOf(tf.backend() as unknown as WasmBackend) : null;
  return { numTensors: m.numTensors, numBytes: m.numBytes, ...(wasm ? { wasmBytes: wasm.buffer.byteLength } : {}) };
};

/** Where a run starts from: its earlier epochs' numbers and best checkpoint when it continues, else nothing. */
interface StartPoint {
  epoch: number;
  history: EpochMetrics[];
  bestSoFar: { epoch: number; valLoss: number } | null;
  /** Epochs the worker saved but the page never recorded (a reload mid-save): replayed as events. */
  missed: EpochMetrics[];
}

/** Puts a continued run's last kept weights into `model` and says where it goes on from. */
async function resumeRun(session: Session, req: TrainRequest, model: tf.LayersModel): Promise<StartPoint> {
  const from = req.resumeFromEpoch ?? 0;
  if (from === 0) return { epoch: 0, history: [], bestSoFar: null, missed: [] };
  const lost = { message: `The weights of epoch ${from} were not kept.`, fix: 'Start a new run.' };
  const last = await keptCheckpoint(session.store, req.runId, 'last', lost);
  // A reload can land after the worker saved epochs the page never recorded (its run record is written to
  // IndexedDB a moment after each epoch event): replay those epochs' numbers.
  const saved = last.history ?? (last.metrics ? [last.metrics] : []);
  const missed = saved.filter((m) => m.epoch > from && m.epoch <= last.epoch);
  if (last.epoch < from || missed.length !== last.epoch - from) throw dataFailure(lost.message, lost.fix);
  restoreCheckpoint(model, last, 'Start a new run.');
  const best = await session.store.load(req.runId, 'best');
  return {
    epoch: last.epoch,
    history: saved.filter((m) => m.epoch <= last.epoch),
    bestSoFar: best ? { epoch: best.epoch, valLoss: best.valLoss } : null,
    missed,
  };
}

/** Fine-tuning: a run's stored weights to start from (all, or its head), and frozen layers kept as they are. */
async function startFromImport(session: Session, req: TrainRequest, model: tf.LayersModel): Promise<void> {
  if (req.initialWeights && !req.resumeFromEpoch) {
    const { runId, which, layers } = req.initialWeights;
    const initial = await keptCheckpoint(session.store, runId, which, {
      message: 'The weights to start from are no longer stored.',
      fix: 'Import the model again, or train from fresh weights.',
    });
    if (layers === 'head') restoreHead(model, initial, 'Train the feature-extraction run again, then fine-tune it.');
    else
      restoreCheckpoint(
        model,
        initial,
        'Train the imported stack as it was imported, or untick "Continue training from the kept weights".',
      );
  }
  if (req.frozen?.length)
    for (const layer of model.layers) if (req.frozen.includes(layer.name)) layer.trainable = false;
}

export function trainEntries(session: Session, timing: TrainTiming): TrainEntries {
  const { now, batchEventIntervalMs: interval } = timing;
  const store = session.store;
  const snapshotStore = session.snapshots;
  /** Per train job: aborted by the 'wasm-now' control action (ends a running backend trial). */
  const wasmNowCuts = new Map<string, AbortController>();

  async function train(req: TrainRequest, onEvent: OnEvent, jobId: string): Promise<TrainOutcome> {
    let epochsDone = req.resumeFromEpoch ?? 0;
    let bestEpoch: number | null = null;
    let backend: BackendName | null = null;
    const control = new JobControl((paused) => onEvent({ type: paused ? 'paused' : 'resumed' }), session.requests);
    session.jobs.set(jobId, control);
    session.training = req.runId;
    const wasmNow = new AbortController();
    wasmNowCuts.set(jobId, wasmNow);
    try {
      const data = session.trainerData(req.datasetId, req.arch, ['train', 'val']);
      onEvent({ type: 'preparing', message: 'Starting the backend…' });
      const { settings } = req;
      const scale = pixelScale(req.arch);
      const info = await session.backend.forRun(
        settings.backend,
        {
          arch: req.arch,
          batchSize: settings.batchSize,
          // Capped trials of the student's model, remembered per device and model.
          makeTrial: () =>
            modelTrial(req.arch, data, {
              ...settings,
              loss: req.loss,
              scale,
              pieceSize: (b) => session.piecePlan(req.arch, settings.batchSize, b)?.size ?? null,
            }),
          memory: session.backendMemory,
          fresh: req.freshBackendTrial,
          wasmNow: wasmNow.signal,
        },
        (message) => onEvent({ type: 'preparing', message }),
      );
      wasmNowCuts.delete(jobId);
      backend = info.name;
      onEvent({ type: 'backend', info });
      // Threads where they pay: the first steps measure the lab's kernel thread counts on this model.
      const stepTuner =
        info.name === 'wasm'
          ? kernelThreadTuner(session.kernelThreads(), (k) =>
              onEvent({ type: 'backend', info: { ...info, kernelThreads: k } }),
            )
          : null;
      const model = buildModel(req.arch, settings.seed);
      const live = session.replaceCurrent({
        runId: req.runId,
        arch: req.arch,
        model,
        at: { epoch: epochsDone, batch: null },
      });
      // A fresh run with a pretrained base starts from the kept ImageNet weights (a resumed or imported one from its
      // own; one going on from another run's classifier takes only that, after these).
      if (!req.resumeFromEpoch && (!req.initialWeights || req.initialWeights.layers === 'head'))
        await putKeptBaseWeights(model, req.arch);
      await startFromImport(session, req, model);
      const start = await resumeRun(session, req, model);
      // Per-epoch snapshots within SNAPSHOT_RUN_BYTES. A continued run keeps those of its earlier epochs and
      // plans its new ones in what is left (at least a quarter of the bound, so a run continued late may hold
      // up to 1 MiB more than the bound: its earlier epochs are never dropped).
      const from = req.resumeFromEpoch ?? 0;
      const earlier: EpochSnapshot[] =
        from > 0 ? (await snapshotStore.load(req.runId)).filter((x) => x.epoch <= from) : [];
      if (from === 0) await snapshotStore.deleteRun(req.runId);
      const earlierBytes = earlier.reduce((a, x) => a + x.bytes, 0);
      const keeper = new SnapshotKeeper(
        Math.max(1, settings.epochs - from),
        Math.max(SNAPSHOT_RUN_BYTES - earlierBytes, SNAPSHOT_RUN_BYTES / 4),
      );
      let history = start.history;
      bestEpoch = start.bestSoFar?.epoch ?? null;
      for (const m of start.missed) onEvent({ type: 'epoch', metrics: m, isBest: bestEpoch === m.epoch });
      epochsDone = start.epoch;
      // Fast feature extraction where the model allows it (src/model/bases/features.ts): the base once, then the head.
      const say = (message: string) => onEvent({ type: 'preparing', message });
      const fast = await fastFeatures(req, model, data, control, say, timing.featureDisk);
      if (fast === 'stopped') return { end: 'stopped', epochsDone, bestEpoch, memory: workerMemory() };
      const pieces = fast ? null : session.piecePlan(req.arch, settings.batchSize, info.name);
      onEvent({
        type: 'started',
        batchesPerEpoch: Math.ceil(data.train.count / settings.batchSize),
        trainCount: data.train.count,
        valCount: data.val.count,
        memory: workerMemory(),
        pieces,
      });
      let lastEmit = -Infinity;
      const result = await trainModel(
        fast?.head ?? model,
        fast?.data ?? data,
        {
          ...settings,
          loss: req.loss,
          scale: fast ? 1 : scale,
          startEpoch: start.epoch,
          bestSoFar: start.bestSoFar,
          pieceSize: pieces?.size ?? null,
        },
        {
          control,
          now,
          ...(stepTuner ? { stepTuner } : {}),
          onBatch: (progress) => {
            const lost = session.backend.deviceLost;
            if (lost) throw new Error(`GPU device lost: ${lost}`);
            live.at = { epoch: progress.epoch, batch: progress.batch };
            const t = now();
            if (t - lastEmit < interval && progress.batch < progress.batchesPerEpoch) return;
            lastEmit = t;
            onEvent({ type: 'batch', progress });
          },
          onEpoch: async (metrics, isBest, trained) => {
            // The checkpoint is always the whole model's (base + head), whichever model trained.
            const tensors = fast ? await fast.whole() : trained;
            epochsDone = metrics.epoch;
            live.at = { epoch: metrics.epoch, batch: null };
            history = [...history, metrics];
            const kept = { runId: req.runId, epoch: metrics.epoch, valLoss: metrics.valLoss, tensors };
            await store.save({ ...kept, which: 'last', metrics, history });
            if (isBest) {
              await store.save({ ...kept, which: 'best' });
              bestEpoch = metrics.epoch;
            }
            // This epoch's kernels for the scrubber; a failure to keep one never stops the run.
            try {
              keeper.add(await takeSnapshot(model, metrics.epoch));
              await snapshotStore.save(req.runId, [...earlier, ...keeper.list()]);
            } catch {
              /* the epoch is trained and checkpointed; only its snapshot is missing */
            }
            onEvent({ type: 'epoch', metrics, isBest });
          },
        },
      ).finally(() => fast?.finish());
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
        outcome.failure = nanFailure(result.nanAt, settings.learningRate);
      }
      return outcome;
    } catch (e) {
      const failure = e instanceof FailureError ? e.failure : classifyError(e, backend);
      return { end: 'failed', epochsDone, bestEpoch, failure };
    } finally {
      session.jobs.delete(jobId);
      session.training = null;
      wasmNowCuts.delete(jobId);
    }
  }

  return {
    train: (req, onEvent, job) => session.serial(() => train(req, onEvent, job.jobId)),
    async control(jobId, action) {
      if (action === 'wasm-now') return void wasmNowCuts.get(jobId)?.abort();
      const job = session.jobs.get(jobId);
      if (!job) return;
      if (action === 'pause') job.pause();
      else if (action === 'resume') job.resume();
      else job.stop();
    },
    evaluate: (req, job) =>
      session.serial(async () => {
        const control = new JobControl(undefined, session.requests);
        session.jobs.set(job.jobId, control);
        let backend: BackendName | null = null;
        let model: tf.LayersModel | null = null;
        try {
          const data = session.trainerData(req.datasetId, req.arch, [req.split]);
          const checkpoint = await keptCheckpoint(store, req.runId, 'best');
          // The evaluation holds the worker itself: its backend is the active one, or one started untimed.
          backend = await session.backend.untimed(req.backend, 'Used to evaluate.');
          model = checkpointModel(req.arch, checkpoint);
          const score = await evaluateSplit(model, session.dataset![req.split], data.geometry, {
            loss: req.loss,
            batchSize: req.batchSize,
            pieceSize: session.piecePlan(req.arch, req.batchSize, backend)?.size ?? null,
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
          session.jobs.delete(job.jobId);
        }
      }),
  };
}
