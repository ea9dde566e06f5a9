// Prepares the tfjs WASM backend for training in this app: the .wasm binaries
// from our own origin (never a CDN), every core when the page is cross-origin
// isolated, and the gradient kernels tfjs-wasm lacks (register.ts).
import { engine, env } from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadNativeKernels, type KernelSimd, type NativeKernels } from './native';
import { setPoolThreads } from './kernel-threads-pool';
import { startKernelPool } from './pool-start';
import { registerWasmTrainingKernels } from './register';
import type { WasmBackend } from './wasm-internals';
import { nativeKernelUrls, wasmFileMap } from './wasm-urls';

export { registerWasmTrainingKernels, WASM_TRAINING_KERNELS } from './register';
export { wasmFileMap } from './wasm-urls';
export { KERNEL_SIMD_LABEL, type KernelSimd } from './native';

export interface WasmBackendInfo {
  /** XNNPACK threads the backend runs with (1 when the page is not cross-origin isolated). */
  threads: number;
  /** Whether the browser runs WebAssembly SIMD (a ~3x faster build). */
  simd: boolean;
  /** Whether the page is cross-origin isolated, which threads need (COOP/COEP headers). */
  isolated: boolean;
  /** navigator.hardwareConcurrency as the browser reports it. */
  cores: number;
  /** Which build of the lab's SIMD kernels runs ('relaxed': fused multiply-add), or null: the slower XNNPACK routes. */
  nativeKernels: KernelSimd | null;
  /** Threads the lab's own kernels run on now (this one plus the active helpers); 0 without them. */
  kernelThreads: number;
  /**
   * Thread counts the lab's kernels can be set to (setWasmKernelThreads), e.g.
   * [1, 2] on 2 cores: 1 and every core but one, plus every core (the page is
   * idle while training, measured in bench/calm.bench.mjs); [] without a pool.
   */
  kernelThreadChoices: number[];
}

export interface WasmSetupOptions {
  /**
   * Threads to ask for; defaults to every core but one. Only honoured when
   * isolated, and only before the first setup. One core stays for the page:
   * XNNPACK's threads (and the kernel pool's) wait for each other at every op,
   * so when the page's own work (charts, progress) takes a core from one of
   * them, all of them wait. Measured on 2 cores, MNIST convnet through the app:
   * 2 threads 490 images/s, 1 thread 665.
   */
  threads?: number;
  /** Load the lab's SIMD module (default true; false keeps the XNNPACK routes, for comparison). */
  native?: boolean;
  /** Force one build of the lab's module (the bench compares them); by default relaxed SIMD where the browser has it. */
  kernelSimd?: KernelSimd;
}

interface BackendStarter {
  initializeBackend(name: string): { success: boolean | Promise<boolean> };
}

let setup: Promise<WasmBackendInfo> | null = null;
let configured = false;

/**
 * Call before `tf.setBackend('wasm')`. Initialises the backend (so the answer
 * is what it really got) without making it the active one. Safe to call more
 * than once: later calls return the first call's result.
 */
export function setupWasmBackend(options: WasmSetupOptions = {}): Promise<WasmBackendInfo> {
  setup ??= initialise(options).catch((error: unknown) => {
    setup = null;
    throw error;
  });
  return setup;
}

async function initialise(options: WasmSetupOptions): Promise<WasmBackendInfo> {
  const isolated = globalThis.crossOriginIsolated === true;
  const alreadyUp = engine().registry['wasm'] !== undefined;
  const cores = Math.max(1, navigator.hardwareConcurrency || 1);
  const threads = isolated ? Math.max(1, Math.min(options.threads ?? cores - 1, cores)) : 1;
  if (!alreadyUp && !configured) {
    // Once only: after a failed start tfjs-wasm refuses new paths (it keeps these).
    setWasmPaths(wasmFileMap);
    setThreadsCount(threads);
    configured = true;
  }
  registerWasmTrainingKernels();
  // Engine.initializeBackend is public at run time but typed private; it starts
  // the backend without switching to it, unlike tf.setBackend (and, unlike
  // setBackend, would build a second backend if called when one exists).
  const start = () => Promise.resolve((engine() as unknown as BackendStarter).initializeBackend('wasm').success);
  const started =
    alreadyUp || (threads <= Math.floor(cores / 2) ? await start() : await withCoreCount(threads * 2, start));
  if (!started) {
    throw new Error('The WASM backend could not start in this browser (its .wasm file did not load).');
  }
  const simd = (await env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const backend = engine().findBackend('wasm') as unknown as WasmBackend;
  const native =
    simd && options.native !== false ? await loadNativeKernels(backend, fetchNativeBinary, options.kernelSimd) : null;
  const xnnThreads = getThreadsCount();
  // A helper per core beyond this one, every core but one of them at work until the worker's trial (thread-trial.ts) picks.
  const helpers = native && !alreadyUp && isolated ? await startKernelPool(native, cores - 1, xnnThreads - 1) : 0;
  kernels = native;
  const choices = helpers > 0 ? [...new Set([1, Math.min(xnnThreads, helpers + 1), helpers + 1])] : [];
  return {
    threads: xnnThreads,
    simd,
    isolated,
    cores,
    nativeKernels: native?.simd ?? null,
    kernelThreads: native ? setPoolThreads(native, xnnThreads) : 0,
    kernelThreadChoices: choices,
  };
}

let kernels: NativeKernels | null = null;

/**
 * Threads the lab's kernels run on from the next call (clamped to the pool);
 * returns the count in effect, 0 when the lab's kernels are not loaded. XNNPACK's
 * own count is fixed when the backend starts; the lab's kernels do most of a
 * training step's arithmetic (src/kernels/wasm/README.md), so this is the count that matters.
 */
export function setWasmKernelThreads(threads: number): number {
  return kernels ? setPoolThreads(kernels, threads) : 0;
}

async function fetchNativeBinary(shared: boolean, simd: KernelSimd): Promise<ArrayBuffer> {
  const urls = nativeKernelUrls[simd];
  const response = await fetch(shared ? urls.shared : urls.plain);
  if (!response.ok) throw new Error(`The lab's WASM kernels did not load (HTTP ${response.status}).`);
  return response.arrayBuffer();
}

/**
 * tfjs-wasm's C++ caps its thread pool at hardwareConcurrency / 2 (it assumes
 * hyper-threading), read once while the module starts. A training worker may
 * use every core, so it reads a doubled count for that moment only.
 */
async function withCoreCount<T>(count: number, run: () => Promise<T>): Promise<T> {
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: count, configurable: true });
  try {
    return await run();
  } finally {
    // Removes the own property; the browser's getter shows through again.
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}
