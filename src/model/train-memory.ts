// What a run will hold in memory, before training, and whether a browser gives that much. Pure.
//   weights, their gradients and the optimizer's state: 4 bytes a parameter each (RMSprop and Adam keep two
//     slots a weight in tfjs, SGD with momentum one);
//   one step's working memory: every layer's output for the images that run at once, and what the backward
//     pass keeps (step-memory.ts: 14 bytes a float of layer outputs, measured on WASM);
//   the pixels, one byte a value, unless the run keeps them on disk;
//   with fast feature extraction (train-work.ts): the steps are the head's, the base's one-off feature pass
//   has its own working memory (extractBytes; tfjs-wasm's memory keeps the larger of the two, as it never
//   shrinks), and the features, 4 bytes a value, unless the run keeps them on disk.
// Checked against bench.html (cats-vs-dogs, batch 32): tfjs-wasm's memory 1,104 MB whole, 208 MB in pieces
// of 4; this gives 1,156 MB and 193 MB (step-memory.test.ts, train-estimate.test.ts).
import type { Architecture } from './layers';
import type { BackendName, OptimizerName } from './training';
import { inferSummary } from './infer';
import { outputFloatsPerImage, planMicroBatches, stepBytes } from './step-memory';
import { extractBytes, runWork, EXTRACT_BATCH } from './train-work';
import { featurePlan } from './bases/features';

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
  /** Fast feature extraction: the feature pass's working memory for `extractImages` images at a time; else 0. */
  extract: number;
  extractImages: number;
  /** Fast feature extraction: the base's features of the training and validation images, 0 on disk or without. */
  features: number;
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
  /** Training plus validation images (the features' count); 0 when no data is loaded. */
  images?: number;
  /** Fast feature extraction keeps the features on disk (by the pixels' rule), not in memory. */
  featuresOnDisk?: boolean;
}

/** Bytes of fast feature extraction's features for `images` images; null for a model that does not take that way. */
export function featureBytes(arch: Architecture, images: number): number | null {
  const features = runWork(arch)?.features;
  return features ? features.bytesPerImage * images : null;
}

export function estimateMemory(input: MemoryInput): MemoryEstimate | null {
  const summary = inferSummary(input.arch);
  const fast = featurePlan(input.arch);
  // The steps run on the head alone when the run takes fast feature extraction.
  const stepped = 'problem' in fast ? input.arch : fast.head;
  const perImage = stepBytes(stepped, 1);
  if (perImage === null || outputFloatsPerImage(input.arch) === null) return null;
  const plan = planMicroBatches(stepped, input.batchSize, input.backend, input.threads ?? 1);
  const imagesAtOnce = plan?.size ?? input.batchSize;
  const weights = summary.totalParams * 4;
  const gradients = summary.trainableParams * 4;
  const optimizer = summary.trainableParams * 4 * OPTIMIZER_SLOTS[input.optimizer];
  const activations = perImage * imagesAtOnce;
  const extract = extractBytes(input.arch) ?? 0;
  const kept = featureBytes(input.arch, input.images ?? 0) ?? 0;
  const features = input.featuresOnDisk ? 0 : kept;
  const backend = weights + gradients + optimizer + Math.max(activations, extract);
  return {
    weights,
    gradients,
    optimizer,
    activations,
    imagesAtOnce,
    pixels: input.pixelBytes,
    extract,
    extractImages: extract > 0 ? EXTRACT_BATCH : 0,
    features,
    backend,
    total: backend + input.pixelBytes + features,
  };
}
