// The training loop as plain functions: runs the same in the worker and in
// Vitest on the tfjs CPU backend. One step = one batch built from the Uint8
// store and one optimizer update. Loss and accuracy stay on the device and are
// read for several steps at once (step-metrics.ts), when an event is due, so
// a GPU backend is never made to drain its queue at every step.
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../model/infer';
import { trainableVariables } from './model/build';
import type { ImageShape } from '../model/shape';
import { batchCount, makeBatchPieces, shuffledOrder, type TrainSplit } from './batches';
import { DIVERGED_LOSS } from './losses';
import { disposePieces, trainStep, type Batch } from './train-step';
import { evaluateSplit } from './evaluate';
import { makeOptimizer } from './optimizers';
import { restoreByName } from './weights-by-name';
import { Throughput } from './throughput';
import { PendingSteps, type StepValues } from './step-metrics';
import type { JobControl } from './control';
import type { BatchProgress, EpochMetrics, OptimizerName, TrainOutcome } from './protocol';

export interface TrainerData {
  train: TrainSplit;
  val: TrainSplit;
  geometry: ImageShape;
  numClasses: number;
}

export interface TrainerOptions {
  loss: LossName;
  epochs: number;
  batchSize: number;
  learningRate: number;
  optimizer: OptimizerName;
  seed: number;
  /** Early stopping patience in epochs; 0 = off. */
  patience: number;
  /** Pixel multiplier (see pixelScale in src/model/training.ts). */
  scale: number;
  /** Images per piece of a batch, to bound a step's memory (planMicroBatches in src/model/step-memory.ts); absent: whole batches. */
  pieceSize?: number | null;
  /** Epochs already done (continuing a run); the next epoch is this + 1. */
  startEpoch?: number;
  /** The best so far when continuing, so a worse epoch does not replace it. */
  bestSoFar?: { epoch: number; valLoss: number } | null;
}

export interface WeightTensor {
  name: string;
  shape: number[];
  values: Float32Array;
}

export interface TrainerHooks {
  control: JobControl;
  /** After every step (the caller throttles what it forwards). */
  onBatch?: (progress: BatchProgress) => void;
  /** After every epoch, with its weights (copies, safe to transfer). */
  onEpoch?: (metrics: EpochMetrics, isBest: boolean, weights: WeightTensor[]) => void | Promise<void>;
  now?: () => number;
  /**
   * When the trainer downloads the pending steps' loss and accuracy: after
   * `everySteps` steps, or once `intervalMs` passed since the last read (the
   * service forwards batch events at most every 200 ms, so reading more often
   * would only stall the GPU), and always after an epoch's first step (the
   * student sees a loss at once) and its last. A NaN or
   * blown-up loss therefore stops a run at most `everySteps` steps after it
   * happened (sooner when steps are slow), and it still says the exact batch.
   */
  readPolicy?: { everySteps?: number; intervalMs?: number };
  /**
   * Told just before each training step and, after it, how long the step's
   * call took (ms). The service measures the lab's WASM kernel threads with it
   * (thread-trial.ts); only on WASM, whose step runs inside the call.
   */
  stepTuner?: StepTuner;
}

export interface StepTuner {
  before(): void;
  after(ms: number): void;
}

/** Defaults of TrainerHooks.readPolicy. */
export const READ_EVERY_STEPS = 32;
export const READ_INTERVAL_MS = 200;

export interface TrainerResult extends TrainOutcome {
  epochs: EpochMetrics[];
  best: { epoch: number; valLoss: number; weights: WeightTensor[] | null } | null;
}

/** Copies of all weights (trainable and not, e.g. BatchNorm statistics). */
export async function snapshotWeights(model: tf.LayersModel): Promise<WeightTensor[]> {
  const values = await Promise.all(model.weights.map((w) => w.read().data()));
  return model.weights.map((w, i) => ({
    name: w.originalName,
    shape: w.shape.map((d) => d ?? 1),
    values: new Float32Array(values[i] as Float32Array),
  }));
}

/** Puts kept weights back, each by its name and shape (weights-by-name.ts); throws WeightsMisfit, changing nothing. */
export function restoreWeights(model: tf.LayersModel, weights: WeightTensor[]): void {
  restoreByName(model, weights);
}

const diverged = (loss: number) => !Number.isFinite(loss) || loss >= DIVERGED_LOSS;

export async function trainModel(
  model: tf.LayersModel,
  data: TrainerData,
  opts: TrainerOptions,
  hooks: TrainerHooks,
): Promise<TrainerResult> {
  const now = hooks.now ?? (() => performance.now());
  const optimizer = makeOptimizer(opts.optimizer, opts.learningRate);
  const vars = trainableVariables(model);
  const batches = batchCount(data.train.count, opts.batchSize);
  const first = (opts.startEpoch ?? 0) + 1;
  const epochs: EpochMetrics[] = [];
  const speed = new Throughput();
  let valSeconds: number | null = null;
  let best: TrainerResult['best'] = opts.bestSoFar ? { ...opts.bestSoFar, weights: null } : null;
  const everySteps = Math.max(1, hooks.readPolicy?.everySteps ?? READ_EVERY_STEPS);
  const intervalMs = hooks.readPolicy?.intervalMs ?? READ_INTERVAL_MS;
  const pending = new PendingSteps();
  let next: Batch[] | null = null;
  const result = (end: TrainerResult['end'], extra: Partial<TrainerResult> = {}): TrainerResult => ({
    end,
    epochsDone: epochs.at(-1)?.epoch ?? first - 1,
    bestEpoch: best?.epoch ?? null,
    epochs,
    best,
    ...extra,
  });

  try {
    for (let epoch = first; epoch <= opts.epochs; epoch++) {
      const order = shuffledOrder(data.train.count, opts.seed * 1000 + epoch);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      // Milliseconds of training steps this epoch (validation is timed apart, in seconds).
      let busyMs = 0;
      // Double-buffered: batch b+1 is built and uploaded while the device still runs step b.
      const build = (k: number): Batch[] =>
        tf.tidy(() =>
          makeBatchPieces(
            data.train,
            data.geometry,
            order,
            k * opts.batchSize,
            opts.batchSize,
            opts.scale,
            opts.pieceSize,
          ),
        );
      let sinceRead = 0;
      let lastRead = now();
      try {
        next = build(0);
        for (let b = 0; b < batches; b++) {
          // The step boundary: the previous step's update is queued (its metrics maybe not read yet), the next batch is built.
          // Short requests (weights, predictions) queued meanwhile are answered here, on these weights.
          if ((await hooks.control.checkpoint()) === 'stop') return result('stopped');
          const t0 = now();
          const pieces = next!;
          next = null;
          hooks.stepTuner?.before();
          const [cost, right] = trainStep(model, optimizer, vars, pieces, opts.loss);
          hooks.stepTuner?.after(now() - t0);
          pending.add(
            cost,
            right,
            pieces.reduce((n, p) => n + p.y.shape[0], 0),
          );
          disposePieces(pieces);
          if (b + 1 < batches) next = build(b + 1);
          let bad: { batch: number; loss: number } | null = null;
          const last = b + 1 === batches;
          if (b === 0 || last || pending.length >= everySteps || now() - lastRead >= intervalMs) {
            const firstPending = b + 2 - pending.length;
            const values: StepValues[] = await pending.read();
            const t = now();
            const seconds = (t - t0 + sinceRead) / 1000;
            busyMs += t - t0;
            sinceRead = 0;
            lastRead = t;
            for (const [i, step] of values.entries()) {
              if (diverged(step.loss)) {
                bad = { batch: firstPending + i, loss: step.loss };
                break;
              }
              lossSum += step.loss * step.size;
              correct += step.correct;
              seen += step.size;
              speed.add(step.size, seconds / values.length);
            }
          } else {
            const ms = now() - t0;
            sinceRead += ms;
            busyMs += ms;
          }
          if (bad) return result('nan', { nanAt: { epoch, ...bad } });
          const stepsLeft = batches - b - 1 + (opts.epochs - epoch) * batches;
          const valLeft =
            (opts.epochs - epoch + 1) * (valSeconds ?? data.val.count / Math.max(1, speed.imagesPerSecond() * 3));
          // Loss and accuracy are those of the steps read so far (at most one read interval behind `batch`).
          hooks.onBatch?.({
            epoch,
            batch: b + 1,
            batchesPerEpoch: batches,
            loss: seen ? lossSum / seen : NaN,
            accuracy: seen ? correct / seen : NaN,
            imagesPerSecond: speed.imagesPerSecond(),
            etaSeconds: stepsLeft * speed.secondsPerStep() + valLeft,
          });
        }
      } finally {
        if (next) disposePieces(next);
        next = null;
        pending.dispose();
      }
      const v0 = now();
      const val = await evaluateSplit(model, data.val, data.geometry, {
        loss: opts.loss,
        batchSize: opts.batchSize,
        pieceSize: opts.pieceSize ?? null,
        scale: opts.scale,
        numClasses: data.numClasses,
        control: hooks.control,
      });
      if (!val) return result('stopped');
      valSeconds = (now() - v0) / 1000;
      const metrics: EpochMetrics = {
        epoch,
        loss: lossSum / seen,
        accuracy: correct / seen,
        valLoss: val.loss,
        valAccuracy: val.accuracy,
        seconds: busyMs / 1000 + valSeconds,
      };
      if (!Number.isFinite(val.loss)) return result('nan', { nanAt: { epoch, batch: batches, loss: val.loss } });
      epochs.push(metrics);
      const isBest = best === null || val.loss < best.valLoss;
      const weights = await snapshotWeights(model);
      if (isBest) best = { epoch, valLoss: val.loss, weights };
      await hooks.onEpoch?.(metrics, isBest, weights);
      if (opts.patience > 0 && best && epoch - best.epoch >= opts.patience) {
        if (best.weights) restoreWeights(model, best.weights);
        return result('early-stopped');
      }
    }
    return result('done');
  } finally {
    optimizer.dispose();
  }
}
