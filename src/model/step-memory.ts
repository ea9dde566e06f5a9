// How much memory a training step holds, and how many images of a batch run
// through the model at once so that it stays small.
// Pure: the worker plans its steps with it, the Train view says what it did.
//
// A step on the CPU backends (WASM, CPU) keeps every layer's output for the
// backward pass, then the gradients: its working memory grows with the images
// in it, not with the dataset. Measured in Chromium on the cats-vs-dogs model
// (180x180, 2.46 M floats of layer outputs per image): tfjs-wasm's memory was
// 1,100 MB at batch 32 and 307 MB at batch 8, 33 MB per image, 3.35x the
// outputs' floats. Not broken down further: the tape's saved tensors share
// their buffers (kernels/wasm/identity.ts), so the rest is the backward pass's
// gradients, tfjs-wasm's allocator and its growth steps. WebAssembly memory
// never shrinks, so the largest step sets it for the rest of the page's life.
//
// Gradients are sums over images, so a batch may run in pieces: each piece's
// gradients, weighted by its share of the batch, add up to the batch's (same
// update within float rounding; Dropout and augmentation draw per image
// anyway). Not with BatchNormalization, whose training statistics are the
// whole batch's, nor on GPU backends, whose memory is the GPU's and which are
// fastest on whole batches.
import type { Architecture } from './layers';
import type { BackendName } from './training';
import { inferSummary } from './infer';
import { baseLayers } from './bases/spec';
import { baseRef } from './bases/summary';

/** Working memory of a step per float of layer outputs (measured, see above). */
export const STEP_BYTES_PER_OUTPUT_FLOAT = 4 * 3.5;

/**
 * At most this much working memory per piece of a batch. The cats-vs-dogs
 * model's batch of 32 runs 4 images at a time on 2 kernel threads. Measured
 * (npm run bench -- pieces, 2 cores, best of 3): WebAssembly memory 1,104 MB
 * whole, 292 MB in pieces of 8, 208 MB in pieces of 4 and 125 MB in pieces
 * of 2, at 1.00x, 1.00x, 0.96x and 0.90x the whole batch's speed (each piece
 * costs ~10 ms of fixed work: tfjs dispatches, the filter transposes, the
 * gradients' sums), so the budget stops at 4.
 */
export const MICRO_BATCH_BUDGET_BYTES = 160 * 1024 * 1024;

/** Backends whose tensors live in the page's process (a GPU backend's live in GPU memory). */
const HOST_MEMORY_BACKENDS: ReadonlySet<BackendName> = new Set<BackendName>(['wasm', 'cpu']);

/**
 * Floats of every layer's output (and the input) for one image; null for an architecture that does not build.
 * A pretrained base is one summary row but holds every one of its own layers' outputs: VGG16 at 180x180 keeps
 * ~9.9 M floats an image, not its last row's 12,800 (counting the row alone planned a whole batch of 32 that
 * grew tfjs-wasm's memory to 3,984 MB of Chromium's 4,096: npm run bench -- transfer).
 */
export function outputFloatsPerImage(arch: Architecture): number | null {
  const summary = inferSummary(arch);
  if (summary.rows.some((r) => r.outputShape === null)) return null;
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  let previous: readonly number[] = summary.input;
  let sum = size(summary.input);
  for (const row of summary.rows) {
    const layer = arch.layers[row.index];
    if (layer?.type === 'Base' && previous.length === 3) {
      const inner =
        layer.base === 'tfjs'
          ? (layer.tfjs.model?.layers ?? [])
          : baseLayers(baseRef(layer), previous[0]!, previous[1]!);
      sum += inner.reduce((s, l) => s + size(l.outputShape), 0);
    } else sum += size(row.outputShape!);
    previous = row.outputShape!;
  }
  return sum;
}

/** Batch statistics tie a step's images together: BatchNormalization that trains, in the stack or a base. */
function trainsBatchStatistics(arch: Architecture): boolean {
  return arch.layers.some(
    (l) =>
      l.type === 'BatchNormalization' ||
      (l.type === 'Base' &&
        l.fineTuneFrom !== null &&
        (l.base === 'mobilenet_v2' ||
          (l.base === 'tfjs' && !!l.tfjs.model?.layers.some((b) => b.className === 'BatchNormalization')))),
  );
}

/** Estimated working memory of a training step on `images` images (bytes). */
export function stepBytes(arch: Architecture, images: number): number | null {
  const floats = outputFloatsPerImage(arch);
  return floats === null ? null : floats * images * STEP_BYTES_PER_OUTPUT_FLOAT;
}

export interface MicroBatchPlan {
  /** Images per piece (the whole batch: one piece). */
  size: number;
  /** Pieces per full batch. */
  pieces: number;
  /** Estimated working memory of one piece, and of the whole batch at once (bytes). */
  pieceBytes: number;
  batchBytes: number;
}

/**
 * How a batch of `batchSize` runs: in pieces that fit MICRO_BATCH_BUDGET_BYTES,
 * of a multiple of `threads` images where the batch allows (the lab's kernels
 * share a step's images among their threads), sizes as even as they can be.
 * Null: the whole batch at once (GPU backend, BatchNormalization, small model,
 * or an architecture that does not build).
 */
export function planMicroBatches(
  arch: Architecture,
  batchSize: number,
  backend: BackendName,
  threads = 1,
  budget = MICRO_BATCH_BUDGET_BYTES,
): MicroBatchPlan | null {
  if (!HOST_MEMORY_BACKENDS.has(backend) || trainsBatchStatistics(arch)) return null;
  const perImage = stepBytes(arch, 1);
  if (perImage === null || batchSize <= 1 || perImage * batchSize <= budget) return null;
  const step = Math.max(1, Math.min(threads, batchSize));
  const fit = Math.max(step, Math.floor(budget / perImage / step) * step);
  const pieces = Math.ceil(batchSize / fit);
  if (pieces <= 1) return null;
  const size = Math.ceil(batchSize / pieces);
  return { size, pieces, pieceBytes: perImage * size, batchBytes: perImage * batchSize };
}

/** [start, count] of each piece of a batch of `n` images run `size` at a time, as even as they can be. */
export function pieceRanges(n: number, size: number): [number, number][] {
  const pieces = Math.max(1, Math.ceil(n / Math.max(1, size)));
  const base = Math.floor(n / pieces);
  const extra = n % pieces;
  const out: [number, number][] = [];
  for (let p = 0, start = 0; p < pieces; p++) {
    const count = base + (p < extra ? 1 : 0);
    out.push([start, count]);
    start += count;
  }
  return out;
}
