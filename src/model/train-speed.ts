// How long an epoch will take, before training: the model's arithmetic (compute.ts) at a speed the lab
// measured. Pure. A step costs a fixed part (tfjs' dispatch of ~140 kernel calls and their bookkeeping,
// the batch's upload) plus its operations at the backend's rate:
//   seconds per epoch = steps x STEP_OVERHEAD + (train x 3F + val x F) / rate      (F: forward FLOP per image)
// Fitted on this machine's measured WASM speeds (docs/BENCHMARKS.md, 2 cores, Chromium 150): the MNIST
// convnet through the app 1,179 images/s (18.6 MFLOP a training image, batch 32: 27 ms a step), the
// cats-vs-dogs convnet 22.9 images/s (2.5 GFLOP an image: 1.35 s a step of 32). One rate of 57 GFLOP/s
// and 16 ms a step give both (1,120 and 22.6 images/s). The software GPU renderers and the plain-JS CPU
// backend were measured on the MNIST convnet only, so their rates stand for every model.
import type { Architecture } from './layers';
import type { BackendName } from './training';
import { forwardFlopsPerImage } from './compute';

export interface BackendSpeed {
  /** Floating-point operations per second. */
  flopsPerSecond: number;
  /** Seconds of fixed work per step. */
  stepOverhead: number;
}

/** What the lab measured on its own test machine (docs/BENCHMARKS.md); stands in until this machine ran one. */
export const DEFAULT_SPEED: Record<BackendName, BackendSpeed & { note: string }> = {
  wasm: { flopsPerSecond: 57e9, stepOverhead: 0.016, note: 'the lab measured WASM at 57 GFLOP/s on 2 cores' },
  // 25.0, 9.6 and 6.8 MNIST images/s (software renderers and plain JS; a real GPU is many times faster).
  webgl: { flopsPerSecond: 0.47e9, stepOverhead: 0, note: 'WebGL measured on a software renderer (no GPU)' },
  webgpu: { flopsPerSecond: 0.18e9, stepOverhead: 0, note: 'WebGPU measured on a software renderer (no GPU)' },
  cpu: { flopsPerSecond: 0.126e9, stepOverhead: 0, note: 'the plain-JavaScript CPU backend, measured' },
};

export interface EpochShape {
  train: number;
  val: number;
  batchSize: number;
}

/** Seconds an epoch takes (training and validation) at a speed; null for a model whose arithmetic is unknown. */
export function secondsPerEpoch(arch: Architecture, shape: EpochShape, speed: BackendSpeed): number | null {
  const f = forwardFlopsPerImage(arch);
  if (f === null) return null;
  const steps = Math.ceil(shape.train / shape.batchSize) + Math.ceil(shape.val / shape.batchSize) / 2;
  return steps * speed.stepOverhead + (shape.train * 3 * f + shape.val * f) / speed.flopsPerSecond;
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
 * The rate a past run on this machine implies (its median epoch, the fixed part per step taken as the
 * default's), or null when it says nothing (another backend, no epoch, unknown arithmetic).
 */
export function measuredSpeed(run: PastRun, backend: BackendName): BackendSpeed | null {
  if (run.backend !== backend || run.epochSeconds.length === 0) return null;
  const f = forwardFlopsPerImage(run.arch);
  if (f === null || run.counts.train === 0) return null;
  const sorted = [...run.epochSeconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const overhead = DEFAULT_SPEED[backend].stepOverhead;
  const steps = Math.ceil(run.counts.train / run.batchSize) + Math.ceil(run.counts.val / run.batchSize) / 2;
  const compute = median - steps * overhead;
  if (!(compute > 0)) return null;
  return { flopsPerSecond: (run.counts.train * 3 * f + run.counts.val * f) / compute, stepOverhead: overhead };
}

export interface SpeedChoice {
  speed: BackendSpeed;
  /** Where the speed comes from, in words: measured here, or the lab's default (an estimate). */
  source: string;
  measured: boolean;
}

/** The newest past run on this backend that tells a speed; else the documented default, said to be one. */
export function speedFor(backend: BackendName, pastRuns: readonly (PastRun & { name: string })[]): SpeedChoice {
  for (const run of [...pastRuns].reverse()) {
    const speed = measuredSpeed(run, backend);
    if (speed) return { speed, measured: true, source: `measured on this machine by the run "${run.name}"` };
  }
  const d = DEFAULT_SPEED[backend];
  return { speed: d, measured: false, source: `an estimate: ${d.note}, not yet on this machine` };
}
