// Runs one kernel on the CPU backend (the reference) and on WASM from the same
// inputs and reports the relative error. Shared by the Node kernel tests and
// the browser check of the threaded kernels (src/bench-page/kernel-check.worker.ts).
import * as tf from '@tensorflow/tfjs';

let seed = 1;
/** Seeded normal values, rounded so both backends start from identical float32 data. */
export function randomValues(shape: number[]): Float32Array {
  return tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed++).dataSync() as Float32Array);
}

export interface KernelRun {
  kernel: string;
  inputs: Record<string, { shape: number[]; values: Float32Array }>;
  attrs: Record<string, unknown>;
}

export function runOn(backend: 'cpu' | 'wasm', run: KernelRun): { shape: number[]; values: Float32Array } {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const inputs = Object.fromEntries(Object.entries(run.inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]));
    const out = tf.engine().runKernel(run.kernel, inputs, run.attrs as never) as tf.Tensor;
    return { shape: out.shape, values: out.dataSync() as Float32Array };
  });
}

/** max |got − want| / max |want| (the plain difference when want is all zeros); Infinity on a length mismatch or NaN. */
export function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < want.length; i++) {
    const diff = Math.abs(got[i]! - want[i]!);
    if (Number.isNaN(diff)) return Infinity;
    maxDiff = Math.max(maxDiff, diff);
    maxRef = Math.max(maxRef, Math.abs(want[i]!));
  }
  return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}

/** Runs `run` on both backends; the WASM result's shape and its relative error against the CPU backend. */
export function compareWithCpu(run: KernelRun): { relativeError: number; shape: number[] } {
  const cpu = runOn('cpu', run);
  const wasm = runOn('wasm', run);
  return { relativeError: relativeError(wasm.values, cpu.values), shape: wasm.shape };
}

/** Float32 sums of up to ~20k products differ by summation order; this is far below any real bug. */
export const RELATIVE_TOLERANCE = 2e-5;
