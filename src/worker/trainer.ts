// The training loop as plain functions: runs the same in the worker and in
// Vitest on the tfjs CPU backend. One step = one batch built from the Uint8
// store, one optimizer update, one read of loss and accuracy.
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../model/infer';
import type { SplitData } from '../data/types';
import { trainableVariables } from './model/build';
import type { ImageShape } from '../model/shape';
import { batchCount, makeBatch, shuffledOrder } from './batches';
import { batchLoss, correctCount, DIVERGED_LOSS } from './losses';
import { evaluateSplit } from './evaluate';
import { makeOptimizer } from './optimizers';
import { Throughput } from './throughput';
import type { JobControl } from './control';
import type { BatchProgress, EpochMetrics, OptimizerName, TrainOutcome } from './protocol';

export interface TrainerData {
  train: SplitData;
  val: SplitData;
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
}

export interface TrainerResult extends TrainOutcome {
  epochs: EpochMetrics[];
  best: { epoch: number; valLoss: number; weights: WeightTensor[] | null } | null;
}

/** Copies of all weights (trainable and not, e.g. BatchNorm statistics). */
export async function snapshotWeights(model: tf.LayersModel): Promise<WeightTensor[]> {
  const values = await Promise.all(model.weights.map((w) => w.read().data()));
  return model.weights.map((w, i) => ({ name: w.originalName, shape: w.shape.map((d) => d ?? 1), values: new Float32Array(values[i] as Float32Array) }));
}

export function restoreWeights(model: tf.LayersModel, weights: WeightTensor[]): void {
  tf.tidy(() => model.setWeights(weights.map((w) => tf.tensor(w.values, w.shape))));
}

async function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  x: () => { x: tf.Tensor4D; y: tf.Tensor1D },
  loss: LossName,
): Promise<{ loss: number; correct: number; size: number }> {
  const [costT, correctT, size] = tf.tidy(() => {
    const batch = x();
    const held: { correct: tf.Scalar | null } = { correct: null };
    const cost = optimizer.minimize(() => {
      const predictions = model.apply(batch.x, { training: true }) as tf.Tensor;
      held.correct = tf.keep(correctCount(loss, predictions, batch.y));
      return batchLoss(loss, predictions, batch.y);
    }, true, vars)!;
    return [cost, held.correct!, batch.y.shape[0]] as const;
  });
  const [c, k] = await Promise.all([costT.data(), correctT.data()]);
  tf.dispose([costT, correctT]);
  return { loss: c[0]!, correct: k[0]!, size };
}

export async function trainModel(model: tf.LayersModel, data: TrainerData, opts: TrainerOptions, hooks: TrainerHooks): Promise<TrainerResult> {
  const now = hooks.now ?? (() => performance.now());
  const optimizer = makeOptimizer(opts.optimizer, opts.learningRate);
  const vars = trainableVariables(model);
  const batches = batchCount(data.train.count, opts.batchSize);
  const first = (opts.startEpoch ?? 0) + 1;
  const epochs: EpochMetrics[] = [];
  const speed = new Throughput();
  let valSeconds: number | null = null;
  let best: TrainerResult['best'] = opts.bestSoFar ? { ...opts.bestSoFar, weights: null } : null;
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
      let busySeconds = 0;
      for (let b = 0; b < batches; b++) {
        // The step boundary: the previous step's update and metric read are done, the next batch is not built.
        // Short requests (weights, predictions) queued meanwhile are answered here, on these weights.
        if ((await hooks.control.checkpoint()) === 'stop') return result('stopped');
        const t0 = now();
        const step = await trainStep(model, optimizer, vars, () => makeBatch(data.train, data.geometry, order, b * opts.batchSize, opts.batchSize, opts.scale), opts.loss);
        const seconds = (now() - t0) / 1000;
        busySeconds += seconds;
        if (!Number.isFinite(step.loss) || step.loss >= DIVERGED_LOSS) return result('nan', { nanAt: { epoch, batch: b + 1, loss: step.loss } });
        lossSum += step.loss * step.size;
        correct += step.correct;
        seen += step.size;
        speed.add(step.size, seconds);
        const stepsLeft = batches - b - 1 + (opts.epochs - epoch) * batches;
        const valLeft = (opts.epochs - epoch + 1) * (valSeconds ?? data.val.count / Math.max(1, speed.imagesPerSecond() * 3));
        hooks.onBatch?.({
          epoch,
          batch: b + 1,
          batchesPerEpoch: batches,
          loss: lossSum / seen,
          accuracy: correct / seen,
          imagesPerSecond: speed.imagesPerSecond(),
          etaSeconds: stepsLeft * speed.secondsPerStep() + valLeft,
        });
      }
      const v0 = now();
      const val = await evaluateSplit(model, data.val, data.geometry, { loss: opts.loss, batchSize: opts.batchSize, scale: opts.scale, numClasses: data.numClasses, control: hooks.control });
      if (!val) return result('stopped');
      valSeconds = (now() - v0) / 1000;
      const metrics: EpochMetrics = { epoch, loss: lossSum / seen, accuracy: correct / seen, valLoss: val.loss, valAccuracy: val.accuracy, seconds: busySeconds + valSeconds };
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

/**
 * Milliseconds per training step of `model` on the active backend: one warm-up
 * step (shader compilation), then at least one timed step, more while under a second.
 */
export async function measureStepMs(model: tf.LayersModel, data: TrainerData, opts: Pick<TrainerOptions, 'loss' | 'batchSize' | 'scale' | 'optimizer' | 'learningRate'>, now: () => number = () => performance.now()): Promise<number> {
  const optimizer = makeOptimizer(opts.optimizer, opts.learningRate);
  const vars = trainableVariables(model);
  const batch = () => makeBatch(data.train, data.geometry, null, 0, opts.batchSize, opts.scale);
  try {
    await trainStep(model, optimizer, vars, batch, opts.loss);
    const times: number[] = [];
    const start = now();
    while (times.length < 1 || (now() - start < 1000 && times.length < 5)) {
      const t0 = now();
      await trainStep(model, optimizer, vars, batch, opts.loss);
      times.push(now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  } finally {
    optimizer.dispose();
  }
}
