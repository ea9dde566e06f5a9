// Checkpoints in IndexedDB, written by the worker itself (weights never make
// a round trip through the main thread to be saved). Per run: the best epoch
// by val_loss, and the last finished epoch (to continue after a crash).
import type * as tf from '@tensorflow/tfjs';
import { lazyDatabase } from '../data/indexed-db';
import type { Architecture } from '../model/layers';
import { buildModel } from './model/build';
import { dataFailure } from './questions';
import { restoreWeights, type WeightTensor } from './trainer';
import { WeightsMisfit } from './weights-by-name';
import type { EpochMetrics } from './protocol';

export interface StoredCheckpoint {
  runId: string;
  which: 'best' | 'last';
  epoch: number;
  valLoss: number;
  tensors: WeightTensor[];
  /** The epoch's numbers, so a resume can replay an epoch the page never recorded (a reload mid-save). */
  metrics?: EpochMetrics;
  /** Every epoch's numbers up to this one (the 'last' checkpoint): a resume replays those the page missed. */
  history?: EpochMetrics[];
}

export interface CheckpointStore {
  save(checkpoint: StoredCheckpoint): Promise<void>;
  load(runId: string, which: 'best' | 'last'): Promise<StoredCheckpoint | null>;
  deleteRun(runId: string): Promise<void>;
}

/**
 * The one way to get a run's kept checkpoint: it, or a failure saying what to do (by default: train an
 * epoch first; `missing` words it for a caller whose checkpoint came from elsewhere, e.g. an import).
 */
export async function keptCheckpoint(
  store: CheckpointStore,
  runId: string,
  which: 'best' | 'last',
  missing: { message: string; fix: string } = {
    message: `This run has no kept ${which} checkpoint.`,
    fix: 'Train for at least one epoch first.',
  },
): Promise<StoredCheckpoint> {
  const checkpoint = await store.load(runId, which);
  if (!checkpoint) throw dataFailure(missing.message, missing.fix);
  return checkpoint;
}

/**
 * Puts a checkpoint's weights into `model`, each by its name and shape (so the same model with other layers
 * trainable still takes them), or fails, changing nothing, naming the weights that do not fit.
 */
export function restoreCheckpoint(model: tf.LayersModel, checkpoint: StoredCheckpoint, fix: string): void {
  try {
    restoreWeights(model, checkpoint.tensors);
  } catch (e) {
    if (e instanceof WeightsMisfit)
      throw dataFailure(`The kept weights do not fit this architecture: ${e.message}.`, fix);
    throw e;
  }
}

/** A new model of `arch` holding a checkpoint's weights (the caller disposes it); nothing is left over on failure. */
export function checkpointModel(arch: Architecture, checkpoint: StoredCheckpoint): tf.LayersModel {
  const model = buildModel(arch);
  try {
    restoreCheckpoint(model, checkpoint, "Use the architecture the run was trained with (the run's snapshot).");
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

const DB_NAME = 'convnet-lab-checkpoints';
const STORE = 'checkpoints';
const key = (runId: string, which: string) => `${runId}:${which}`;

export function indexedDbCheckpoints(): CheckpointStore {
  const open = lazyDatabase({ name: DB_NAME, version: 1, upgrade: (d) => void d.createObjectStore(STORE) });
  return {
    async save(c) {
      await (await open()).put(STORE, c, key(c.runId, c.which));
    },
    async load(runId, which) {
      return ((await (await open()).get(STORE, key(runId, which))) as StoredCheckpoint | undefined) ?? null;
    },
    async deleteRun(runId) {
      const d = await open();
      await Promise.all([d.delete(STORE, key(runId, 'best')), d.delete(STORE, key(runId, 'last'))]);
    },
  };
}

/**
 * For tests, and the fallback when IndexedDB is unavailable (private windows):
 * kept in memory only. `latestRunOnly` drops older runs' weights on save.
 */
export function memoryCheckpoints({ latestRunOnly = false } = {}): CheckpointStore {
  const map = new Map<string, StoredCheckpoint>();
  return {
    async save(c) {
      if (latestRunOnly) for (const [k, v] of map) if (v.runId !== c.runId) map.delete(k);
      map.set(key(c.runId, c.which), c);
    },
    async load(runId, which) {
      return map.get(key(runId, which)) ?? null;
    },
    async deleteRun(runId) {
      map.delete(key(runId, 'best'));
      map.delete(key(runId, 'last'));
    },
  };
}

/** Memory first (always works, fast to read back), IndexedDB behind it so a reload keeps the checkpoints. */
export function layeredCheckpoints(memory: CheckpointStore, durable: CheckpointStore): CheckpointStore {
  return {
    async save(c) {
      await memory.save(c);
      // A full disk or a private window must not stop training: the memory copy still serves this session.
      await durable.save(c).catch(() => undefined);
    },
    async load(runId, which) {
      return (await memory.load(runId, which)) ?? (await durable.load(runId, which).catch(() => null));
    },
    async deleteRun(runId) {
      await memory.deleteRun(runId);
      await durable.deleteRun(runId).catch(() => undefined);
    },
  };
}
