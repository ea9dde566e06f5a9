// What a run will hold in memory, before training, and whether a browser gives that much. Pure.
//   weights, their gradients and the optimizer's state: 4 bytes a parameter each (RMSprop and Adam keep two
//     slots a weight in tfjs, SGD with momentum one);
//   one step's working memory: every layer's output for the images that run at once, and what the backward
//     pass keeps (step-memory.ts: 14 bytes a float of layer outputs, measured on WASM);
//   the pixels, one byte a value, unless the run keeps them on disk.
// Checked against bench.html (cats-vs-dogs, batch 32): tfjs-wasm's memory 1,104 MB whole, 208 MB in pieces
// of 4; this gives 1,156 MB and 193 MB (step-memory.test.ts, train-estimate.test.ts).
import type { Architecture } from './layers';
import type { BackendName, OptimizerName } from './training';
import { inferSummary } from './infer';
import { outputFloatsPerImage, planMicroBatches, stepBytes } from './step-memory';

export const OPTIMIZER_SLOTS: Record<OptimizerName, number> = { rmsprop: 2, adam: 2, sgd: 1 };

/**
 * What a browser gives a run's tensors. WASM (and the CPU backend's typed arrays, in the same page) lives in
 * one WebAssembly memory of at most 4 GiB (wasm32); Chromium often refuses to grow it well before that, and
 * a failed growth shows as a bare trap ("remainder by zero", "memory access out of bounds"). A GPU backend's
 * buffers are the GPU's, but a browser caps one buffer (WebGPU maxBufferSize: commonly 256 MiB to 4 GiB).
 */
export const BROWSER_SAFE_BYTES = 2 * 1024 ** 3;
export const WASM32_LIMIT_BYTES = 4 * 1024 ** 3;

export interface MemoryEstimate {
  weights: number;
  gradients: number;
  optimizer: number;
  /** One step's layer outputs and what the backward pass keeps, for the images that run at once. */
  activations: number;
  /** Images that run through the model at once (a batch may run in pieces on WASM). */
  imagesAtOnce: number;
  /** The dataset's pixels (0 when the run keeps them on disk). */
  pixels: number;
  /** Everything above. */
  total: number;
  /** What the backend's memory holds: all but the pixels. */
  backend: number;
}

export interface MemoryInput {
  arch: Architecture;
  batchSize: number;
  optimizer: OptimizerName;
  backend: BackendName;
  /** Kernel threads on WASM (pieces are a multiple of them). */
  threads?: number;
  pixelBytes: number;
}

export function estimateMemory(input: MemoryInput): MemoryEstimate | null {
  const summary = inferSummary(input.arch);
  const perImage = stepBytes(input.arch, 1);
  if (perImage === null || outputFloatsPerImage(input.arch) === null) return null;
  const plan = planMicroBatches(input.arch, input.batchSize, input.backend, input.threads ?? 1);
  const imagesAtOnce = plan?.size ?? input.batchSize;
  const weights = summary.totalParams * 4;
  const gradients = summary.trainableParams * 4;
  const optimizer = summary.trainableParams * 4 * OPTIMIZER_SLOTS[input.optimizer];
  const activations = perImage * imagesAtOnce;
  const backend = weights + gradients + optimizer + activations;
  return {
    weights,
    gradients,
    optimizer,
    activations,
    imagesAtOnce,
    pixels: input.pixelBytes,
    backend,
    total: backend + input.pixelBytes,
  };
}
