// Shared by the kernel tests (Node, tfjs WASM backend): starts the backend with
// the lab's kernels; the comparisons themselves live in compare.ts.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll } from 'vitest';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { loadNativeKernels, type KernelSimd, type NativeBinaryLoader } from './native';
import { registerWasmTrainingKernels } from './register';
import type { WasmBackend } from './wasm-internals';

/** The committed native/*.wasm builds, read from disk (Node has no fetch of file paths). */
export const nativeBinariesFromDisk: NativeBinaryLoader = async (shared, simd) =>
  readFileSync(
    new URL(
      `./native/lab-kernels${shared ? '-shared' : ''}${simd === 'relaxed' ? '-relaxed' : ''}.wasm`,
      import.meta.url,
    ),
  );

/**
 * The build every kernel test runs on: vitest.config.ts runs the kernel tests
 * twice, as project `unit` (LAB_KERNEL_SIMD=simd) and project `relaxed`
 * (LAB_KERNEL_SIMD=relaxed, Node started with --experimental-wasm-relaxed-simd).
 */
export const testKernelSimd: KernelSimd = process.env['LAB_KERNEL_SIMD'] === 'relaxed' ? 'relaxed' : 'simd';

/** Starts tfjs-wasm in Node with the lab's kernels, including the SIMD module (`testKernelSimd`'s build) unless `native` is false. */
export async function useWasmWithTrainingKernels({ native = true } = {}): Promise<void> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('The WASM backend did not start in Node.');
  if (
    native &&
    !(await loadNativeKernels(tf.backend() as unknown as WasmBackend, nativeBinariesFromDisk, testKernelSimd))
  ) {
    throw new Error(`The lab's ${testKernelSimd} kernels did not load on the WASM backend.`);
  }
}

/** Runs this test file on tfjs-wasm with the lab's kernels, and gives the backend back after it. */
export function runThisFileOnWasm(): void {
  let previous = '';
  beforeAll(async () => {
    previous = tf.getBackend();
    await useWasmWithTrainingKernels();
  });
  afterAll(async () => {
    if (previous) await tf.setBackend(previous);
  });
}

export { compareWithCpu, randomValues, relativeError, RELATIVE_TOLERANCE, runOn, type KernelRun } from './compare';
