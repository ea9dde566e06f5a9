// How long an epoch will take, before training: the model's arithmetic (compute.ts) at a speed the lab
// measured. Pure. A step costs a fixed part (tfjs' dispatch of ~140 kernel calls and their bookkeeping,
// the batch's upload) plus its operations at the backend's rate:
//   seconds per epoch = steps x STEP_OVERHEAD + (train x 3F + val x F) / rate      (F: forward FLOP per image)
// Fitted on this machine's measured WASM speeds (docs/BENCHMARKS.md, 2 cores, Chromium 150): the MNIST
// convnet through the app 1,179 images/s (18.6 MFLOP a training image, batch 32: 27 ms a step), the
// cats-vs-dogs convnet 22.9 images/s (2.5 GFLOP an image: 1.35 s a step of 32). One rate of 57 GFLOP/s
// and 16 ms a step give both (1,120 and 22.6 images/s). The software GPU renderers and the plain-JS CPU
// backend were measured on the MNIST convnet only, so their rates stand for every model.
// A pretrained base runs at its own rates on WASM, measured by npm run bench -- transfer (BASE_SPEED): its
// forward pass (Winograd convolutions for VGG16) runs many times faster than the backward pass of the layers that
// train, so a base has a forward and a backward rate; a past run calibrates only estimates of its own kind
// (train-work.ts: convnet, vgg16, mobilenet_v2), scaling both.
import type { Architecture } from './layers';
import type { BackendName } from './training';
import { EXTRACT_BATCH, runWork, type BaseKind, type SpeedKind } from './train-work';

export interface BackendSpeed {
  /** Floating-point operations per second. */
  flopsPerSecond: number;
  /** Seconds of fixed work per step. */
  stepOverhead: number;
  /** The backward pass's rate where it differs from the forward's (a pretrained base's trained layers); else flopsPerSecond. */
  backwardFlopsPerSecond?: number;
  /** Fast feature extraction's pass where it runs another way than the model's forward (a folded base); else flopsPerSecond. */
  featureFlopsPerSecond?: number;
}

/** What the lab measured on its own test machine (docs/BENCHMARKS.md); stands in until this machine ran one. */
export const DEFAULT_SPEED: Record<BackendName, BackendSpeed & { note: string }> = {
  wasm: { flopsPerSecond: 57e9, stepOverhead: 0.016, note: 'the lab measured WASM at 57 GFLOP/s on 2 cores' },
  // 25.0, 9.6 and 6.8 MNIST images/s (software renderers and plain JS; a real GPU is many times faster).
  webgl: { flopsPerSecond: 0.47e9, stepOverhead: 0, note: 'WebGL measured on a software renderer (no GPU)' },
  webgpu: { flopsPerSecond: 0.18e9, stepOverhead: 0, note: 'WebGPU measured on a software renderer (no GPU)' },
  cpu: { flopsPerSecond: 0.126e9, stepOverhead: 0, note: 'the plain-JavaScript CPU backend, measured' },
};

/**
 * The bases on WASM, 2 idle cores, batch 32 (docs/BENCHMARKS.md, transfer rows). VGG16 at 180x180: forward 6.01
 * images/s (19.5 GFLOP an image: 117 GFLOP/s, Winograd F(4x4, 3x3)); fine-tuning block5 + head 1.18 images/s,
 * 0.85 s an image of which the forward is 0.17 s, so its 2.9 GFLOP of backward run at 4.3 GFLOP/s. MobileNetV2
 * 1.0 at 160x160, the preset's size: the feature pass (folded, worker/model/bases/folded.ts) 75.2 images/s
 * (0.317 GFLOP: 24 GFLOP/s); as layers inside a model 27.9 (8.8 GFLOP/s: per-layer passes, not arithmetic, bound
 * it); backward 0.8-2.5 GFLOP/s fine-tuned from block_1_expand to block_16_expand (batch 8, Node, load 8-9):
 * 1.5 keeps both within 2x. A TF.js base runs as layers. Other backends: their convnet rate (MNIST only).
 */
export const BASE_SPEED: Record<BaseKind, BackendSpeed & { note: string }> = {
  vgg16: {
    flopsPerSecond: 117e9,
    backwardFlopsPerSecond: 4.3e9,
    stepOverhead: 0.016,
    note: "the lab measured VGG16's forward pass on WASM at 6.0 images/s, fine-tuning its block5 at 1.2 (180x180, 2 cores)",
  },
  mobilenet_v2: {
    flopsPerSecond: 8.8e9,
    featureFlopsPerSecond: 24e9,
    backwardFlopsPerSecond: 1.5e9,
    stepOverhead: 0.016,
    note: "the lab measured MobileNetV2's forward pass on WASM at 75 images/s for features, 28 inside a model (160x160, 2 cores)",
  },
  tfjs: {
    flopsPerSecond: 8.8e9,
    backwardFlopsPerSecond: 1.5e9,
    stepOverhead: 0.016,
    note: "MobileNetV2's measured WASM rates as layers (8.8 GFLOP/s forward on 2 cores) standing in for a TF.js base such as Teachable Machine's MobileNet",
  },
};

/** The lab's own measurement for this backend and kind of model. */
export function defaultSpeed(backend: BackendName, kind: SpeedKind = 'convnet'): BackendSpeed & { note: string } {
  return kind !== 'convnet' && backend === 'wasm' ? BASE_SPEED[kind] : DEFAULT_SPEED[backend];
}

export interface EpochShape {
  train: number;
  val: number;
  batchSize: number;
}

const stepsOf = (shape: EpochShape) =>
  Math.ceil(shape.train / shape.batchSize) + Math.ceil(shape.val / shape.batchSize) / 2;

/**
 * Seconds an epoch takes (training and validation) at a speed; null for a model whose arithmetic is unknown.
 * With fast feature extraction, an epoch of the head on the features (the one-off pass: featureSeconds).
 */
export function secondsPerEpoch(arch: Architecture, shape: EpochShape, speed: BackendSpeed): number | null {
  const work = runWork(arch);
  if (!work) return null;
  return stepsOf(shape) * speed.stepOverhead + computeSeconds(work.epoch, shape, speed);
}

/** Seconds of arithmetic in an epoch: every image's forward pass at the forward rate, training's backward at its own. */
function computeSeconds(epoch: { train: number; val: number }, shape: EpochShape, speed: BackendSpeed): number {
  const forward = (shape.train + shape.val) * epoch.val;
  const backward = shape.train * (epoch.train - epoch.val);
  return forward / speed.flopsPerSecond + backward / (speed.backwardFlopsPerSecond ?? speed.flopsPerSecond);
}

/** Seconds of fast feature extraction's one pass of the base over the training and validation images; null without one. */
export function featureSeconds(arch: Architecture, shape: EpochShape, speed: BackendSpeed): number | null {
  const features = runWork(arch)?.features;
  if (!features) return null;
  const images = shape.train + shape.val;
  const rate = speed.featureFlopsPerSecond ?? speed.flopsPerSecond;
  return Math.ceil(images / EXTRACT_BATCH) * speed.stepOverhead + (images * features.forward) / rate;
}

/** A finished run, as the estimate reads it: what it trained, how much, how long each epoch took. */
export interface PastRun {
  arch: Architecture;
  backend: BackendName | null;
  batchSize: number;
  counts: { train: number; val: number };
  epochSeconds: number[];
}

/**
 * The rates a past run on this machine implies for models of `kind` (its median epoch, the fixed part per
 * step taken as the default's; a forward and a backward rate both scaled by how far it ran from them), or null
 * when it says nothing (another backend or kind, no epoch, unknown arithmetic). A fast feature extraction run's
 * epochs trained its head only: they tell a convnet's rate.
 */
export function measuredSpeed(run: PastRun, backend: BackendName, kind: SpeedKind = 'convnet'): BackendSpeed | null {
  if (run.backend !== backend || run.epochSeconds.length === 0) return null;
  const work = runWork(run.arch);
  if (!work || work.epoch.kind !== kind || run.counts.train === 0) return null;
  const sorted = [...run.epochSeconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const base = defaultSpeed(backend, kind);
  const overhead = base.stepOverhead;
  const shape = { ...run.counts, batchSize: run.batchSize };
  const compute = median - stepsOf(shape) * overhead;
  if (!(compute > 0)) return null;
  const scale = computeSeconds(work.epoch, shape, base) / compute;
  const { backwardFlopsPerSecond: backward, featureFlopsPerSecond: feature } = base;
  return {
    flopsPerSecond: base.flopsPerSecond * scale,
    stepOverhead: overhead,
    ...(backward === undefined ? {} : { backwardFlopsPerSecond: backward * scale }),
    ...(feature === undefined ? {} : { featureFlopsPerSecond: feature * scale }),
  };
}

export interface SpeedChoice {
  speed: BackendSpeed;
  /** Where the speed comes from, in words: measured here, or the lab's default (an estimate). */
  source: string;
  measured: boolean;
}

/** The newest past run on this backend and kind that tells a speed; else the documented default, said to be one. */
export function speedFor(
  backend: BackendName,
  pastRuns: readonly (PastRun & { name: string })[],
  kind: SpeedKind = 'convnet',
): SpeedChoice {
  for (const run of [...pastRuns].reverse()) {
    const speed = measuredSpeed(run, backend, kind);
    if (speed) return { speed, measured: true, source: `measured on this machine by the run "${run.name}"` };
  }
  const d = defaultSpeed(backend, kind);
  return { speed: d, measured: false, source: `an estimate: ${d.note}, not yet on this machine` };
}
