// One backend trial: a few training steps of the student's model on the active
// backend, raced against a wall-clock cap and the student's "start on WASM now".
//
// A step cannot be interrupted (a GPU step is queued work, a WASM step is
// synchronous), so a trial that runs past the cap is abandoned, not killed: the
// race returns at the cap, the trial starts no further step, and when its step
// in flight settles it disposes its model and optimizer. It never creates a
// tensor after it was abandoned, so switching to the next backend meanwhile is
// safe (tfjs tensors remember their own backend; disposing one works from any).
import * as tf from '@tensorflow/tfjs';
import type { LossName } from '../model/infer';
import type { OptimizerName } from '../model/training';
import { buildModel, trainableVariables } from './model/build';
import { makeBatchPieces } from './batches';
import { makeOptimizer } from './optimizers';
import type { TrainerData } from './trainer';
import { disposePieces, trainStep } from './train-step';

export interface Trial {
  /** One training step, resolved once its loss has been read back (the GPU really finished). */
  step(): Promise<void>;
  dispose(): void;
}

/** Builds the trial on whatever backend is active when it is called. */
export type TrialFactory = () => Trial;

export interface TrialOptions {
  loss: LossName;
  batchSize: number;
  scale: number;
  optimizer: OptimizerName;
  learningRate: number;
  seed: number;
  /** Images per piece of a batch on `backend` (the trainer's planMicroBatches); absent or null: whole batches. */
  pieceSize?: (backend: string) => number | null;
}

/** The student's model, optimizer and first batch: the work training will do. */
export function modelTrial(arch: Parameters<typeof buildModel>[0], data: TrainerData, opts: TrialOptions): Trial {
  const model = buildModel(arch, opts.seed);
  let optimizer: tf.Optimizer;
  try {
    optimizer = makeOptimizer(opts.optimizer, opts.learningRate);
  } catch (e) {
    model.dispose();
    throw e;
  }
  const vars = trainableVariables(model);
  return {
    async step() {
      // The step training will take, in the same pieces (a whole 180x180 batch would grow WASM memory for good).
      const pieces = tf.tidy(() =>
        makeBatchPieces(
          data.train,
          data.geometry,
          null,
          0,
          opts.batchSize,
          opts.scale,
          opts.pieceSize?.(tf.getBackend()),
        ),
      );
      let out: tf.Scalar[] = [];
      try {
        out = trainStep(model, optimizer, vars, pieces, opts.loss);
        await out[0]!.data();
      } finally {
        disposePieces(pieces);
        tf.dispose(out);
      }
    },
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}

export interface CappedTrialResult {
  /** All steps finished within the cap. */
  finished: boolean;
  /** Why the trial ended early, if it did. */
  cut: 'time' | 'wasm-now' | null;
  /** Mean of the timed steps (the first compiles shaders and is left out when others exist); null if no step finished. */
  msPerStep: number | null;
  stepsDone: number;
  /** Settles once the trial has disposed its tensors (later than the result when it was abandoned). */
  settled: Promise<void>;
}

export interface CapOptions {
  steps: number;
  capMs: number;
  /** Aborted by "start on WASM now". */
  cut?: AbortSignal;
  now?: () => number;
}

export async function runCappedTrial(make: TrialFactory, opts: CapOptions): Promise<CappedTrialResult> {
  const now = opts.now ?? (() => performance.now());
  let abandoned = false;
  const times: number[] = [];
  const run = (async () => {
    const trial = make();
    try {
      for (let i = 0; i < opts.steps && !abandoned; i++) {
        const t0 = now();
        await trial.step();
        if (!abandoned) times.push(now() - t0);
      }
    } finally {
      trial.dispose();
    }
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = () => {};
  const cutoff = new Promise<'time' | 'wasm-now'>((resolve) => {
    timer = setTimeout(() => resolve('time'), opts.capMs);
    onAbort = () => resolve('wasm-now');
    if (opts.cut?.aborted) onAbort();
    else opts.cut?.addEventListener('abort', onAbort, { once: true });
  });
  const settled = run.catch(() => undefined);
  try {
    const cut = await Promise.race([run.then(() => null), cutoff]);
    // Set synchronously with the race's end, so the trial starts no further step.
    if (cut) abandoned = true;
    const timed = times.length > 1 ? times.slice(1) : times;
    const msPerStep = timed.length ? timed.reduce((a, b) => a + b, 0) / timed.length : null;
    return { finished: cut === null, cut, msPerStep, stepsDone: times.length, settled };
  } finally {
    clearTimeout(timer);
    opts.cut?.removeEventListener('abort', onAbort);
  }
}
