// Messages between bench.html and its worker. No tfjs here: the page's main
// thread stays free of TensorFlow.js like the app's.
import type { BackendName } from '../model/training';
import type { KernelSimd } from '../kernels/wasm/native';

export type { KernelSimd };

export type BenchBackend = BackendName;
export type BenchModel = 'mnist-convnet' | 'catsdogs';

export interface TfjsBenchOptions {
  backend: BenchBackend;
  model: BenchModel;
  batchSize: number;
  /** Timed batches, after one untimed warm-up batch. */
  batches: number;
  /** WASM only: threads to ask for (default: every core, when cross-origin isolated). */
  threads?: number;
  /** WASM only: the lab's gradient kernels without its SIMD module (the XNNPACK routes, as in a browser without SIMD). */
  noNativeKernels?: boolean;
  /** WASM only: force one build of the lab's SIMD module (default: relaxed SIMD where the browser has it). */
  kernelSimd?: KernelSimd;
  /** WASM only: train with tfjs-wasm's own kernels instead of the lab's (it has no Conv2DBackpropFilter, so it fails). */
  stockWasmKernels?: boolean;
  /** Skip the warm-up batch (for backends where one batch takes minutes). */
  skipWarmup?: boolean;
  /**
   * WASM only: train each batch with optimizer.minimize on the trainer's forward pass instead of
   * trainOnBatch; true runs the fused Conv2D/Dense kernels and the zero-copy Identity
   * (src/worker/model/fused-forward.ts), false model.apply with tfjs-wasm's copying Identity (before them).
   */
  fused?: boolean;
  /** Also profile one more batch kernel by kernel (tf.profile). */
  profile?: boolean;
  /** With `fused`: run each batch this many images at a time, as the app's trainer does (src/worker/train-step.ts). */
  pieceSize?: number;
}

export interface KernelTime {
  kernel: string;
  calls: number;
  ms: number;
}

export interface TfjsBenchResult {
  options: TfjsBenchOptions;
  imagesPerSecond: number;
  /** Median over the timed batches. */
  msPerBatch: number;
  msPerBatchAll: number[];
  warmupMs: number | null;
  losses: number[];
  memory: {
    numTensors: number;
    numBytes: number;
    /** WASM: the size tfjs-wasm's WebAssembly memory grew to (it never shrinks). */ wasmBytes?: number;
  };
  /** With `profile`: milliseconds per kernel over one batch, slowest first. */
  profile?: KernelTime[];
  backend: {
    name: string;
    /** WASM: XNNPACK threads, SIMD, cross-origin isolation. */
    threads?: number;
    simd?: boolean;
    isolated?: boolean;
    /** WASM: which build of the lab's SIMD module ran (null: none, the XNNPACK routes), and on how many threads. */
    nativeKernels?: KernelSimd | null;
    kernelThreads?: number;
    /** WebGPU: adapter description, and whether it is a software (fallback) adapter. */
    adapter?: string;
    isFallbackAdapter?: boolean;
  };
}

export type BenchReply = { ok: true; result: TfjsBenchResult } | { ok: false; error: string };

/** One kernel compared with the tfjs CPU backend (kernel-check.worker.ts). */
export interface KernelCheckRow {
  name: string;
  kernel: string;
  relativeError: number;
}

export type KernelCheckReply =
  | { ok: true; rows: KernelCheckRow[]; kernelThreads: number; nativeKernels: KernelSimd | null }
  | { ok: false; error: string };
