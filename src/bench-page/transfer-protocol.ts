// Messages between bench.html and its pretrained-base worker (transfer.worker.ts). No tfjs here.
import type { BackendName } from '../model/training';
import type { BaseName } from '../model/bases/types';

export interface TransferBenchOptions {
  /**
   * forward: the frozen base alone in inference mode (fast feature extraction);
   * finetune: a training step of the textbook's fine-tuning model.
   */
  kind: 'forward' | 'finetune';
  backend: BackendName;
  base: BaseName;
  /** Input height = width. */
  size: number;
  batchSize: number;
  /** Timed batches, after one untimed warm-up batch. */
  batches: number;
  /** WASM only: XNNPACK threads (default: every core). */
  threads?: number;
  /** finetune: images per piece; absent: as the trainer plans it (planMicroBatches). */
  pieceSize?: number;
  /** Also profile one more batch kernel by kernel (tf.profile). */
  profile?: boolean;
}

export interface TransferBenchResult {
  options: TransferBenchOptions;
  imagesPerSecond: number;
  msPerBatch: number;
  msPerBatchAll: number[];
  warmupMs: number;
  /** [h, w, c] of the base's output (forward). */
  outputShape?: number[];
  params: number;
  trainableParams: number;
  /** finetune: images per piece the step ran (the whole batch: batchSize), and the plan's estimate per piece (bytes). */
  pieceSize?: number;
  plannedPieceBytes?: number | null;
  losses?: number[];
  memory: { numTensors: number; numTensorsBefore: number; wasmBytes?: number };
  profile?: { kernel: string; calls: number; ms: number }[];
  backend: { name: string; threads?: number; simd?: boolean; kernelThreads?: number; adapter?: string };
}

export type TransferBenchReply = { ok: true; result: TransferBenchResult } | { ok: false; error: string };
