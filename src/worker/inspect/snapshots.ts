// Compact per-epoch snapshots of what the model has learned, kept while
// training so the Inspect page can scrub kernels and feature maps over epochs
// (the checkpoints in IndexedDB hold only the best and the last epoch).
//
// A snapshot holds every Conv2D layer, the first Dense layer and every
// BatchNormalization layer (so feature maps up to the first Dense layer are
// exactly the epoch's). Small tensors (<= 4,096 values: biases, a first
// 3x3x1x32 kernel) stay Float32; larger ones are 8-bit, symmetric, one scale
// per tensor (max |w| / 127, so each value is off by at most scale / 2, under
// 0.4% of the largest weight). Per epoch: mnist-convnet 105,768 bytes,
// mnist-dense 402 KB, cats vs dogs 995,844 bytes.
//
// Per run at most SNAPSHOT_RUN_BYTES (4 MiB, in the worker's memory): all of
// mnist-convnet's textbook 10 epochs (1.06 MB); cats vs dogs fits 4, so of its
// 30 epochs 1, 16 and 30 are kept, the fourth slot holding the latest epoch
// of a run that stops early.
import * as tf from '@tensorflow/tfjs';
import { inputGeometry } from './forward';
import { readsFlatImage, type KernelSet } from './kernels';

export const SNAPSHOT_RUN_BYTES = 4 * 1024 * 1024;
/** Tensors up to this many values are kept as Float32 (16 KB). */
export const FLOAT32_MAX_VALUES = 4096;

export type SnapshotLayerKind = 'conv' | 'dense-image' | 'dense' | 'batchnorm';

export interface SnapshotTensor {
  /** The weight's name in the model, e.g. "conv2d/kernel". */
  name: string;
  shape: number[];
  /** 'int8': value = data[i] * scale. */
  encoding: 'float32' | 'int8';
  scale: number;
  data: Float32Array | Int8Array;
}

export interface SnapshotLayer {
  layer: string;
  kind: SnapshotLayerKind;
  tensors: SnapshotTensor[];
}

export interface EpochSnapshot {
  epoch: number;
  input: { height: number; width: number; channels: number };
  layers: SnapshotLayer[];
  /** Payload bytes (the typed arrays). */
  bytes: number;
  /** Layers left out because they alone would take more than half the run's bound. */
  skipped: string[];
}

function encode(name: string, shape: number[], values: Float32Array): SnapshotTensor {
  if (values.length <= FLOAT32_MAX_VALUES)
    return { name, shape, encoding: 'float32', scale: 1, data: new Float32Array(values) };
  let absMax = 0;
  for (const v of values) absMax = Math.max(absMax, Math.abs(v));
  const scale = absMax > 0 ? absMax / 127 : 1;
  const data = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.round(values[i]! / scale);
  return { name, shape, encoding: 'int8', scale, data };
}

export function decodeTensor(t: SnapshotTensor): Float32Array {
  if (t.encoding === 'float32') return new Float32Array(t.data);
  const out = new Float32Array(t.data.length);
  for (let i = 0; i < out.length; i++) out[i] = t.data[i]! * t.scale;
  return out;
}

function snapshotKind(model: tf.LayersModel, index: number, denseSeen: boolean): SnapshotLayerKind | null {
  const cls = model.layers[index]!.getClassName();
  if (cls === 'Conv2D') return 'conv';
  if (cls === 'BatchNormalization') return 'batchnorm';
  if (cls === 'Dense' && !denseSeen) return readsFlatImage(model, index) ? 'dense-image' : 'dense';
  return null;
}

/**
 * The model's snapshot after an epoch (async reads: no GPU stall mid-training).
 * Layers bigger than half of `runBytes` are skipped (named in `skipped`), so
 * epoch 1 and the last always fit.
 */
export async function takeSnapshot(
  model: tf.LayersModel,
  epoch: number,
  runBytes = SNAPSHOT_RUN_BYTES,
): Promise<EpochSnapshot> {
  const layers: SnapshotLayer[] = [];
  const skipped: string[] = [];
  let bytes = 0;
  let denseSeen = false;
  for (const [i, layer] of model.layers.entries()) {
    const kind = snapshotKind(model, i, denseSeen);
    if (layer.getClassName() === 'Dense') denseSeen = true;
    if (!kind) continue;
    // getWeights() returns the variables' own tensors: read, never dispose.
    const weights = layer.getWeights();
    const size = weights.reduce((s, w) => s + (w.size <= FLOAT32_MAX_VALUES ? 4 : 1) * w.size, 0);
    if (bytes + size > runBytes / 2) {
      skipped.push(layer.name);
      continue;
    }
    const values = await Promise.all(weights.map((w) => w.data() as Promise<Float32Array>));
    bytes += size;
    layers.push({
      layer: layer.name,
      kind,
      tensors: layer.weights.map((w, k) => encode(w.originalName, weights[k]!.shape, values[k]!)),
    });
  }
  return { epoch, input: inputGeometry(model), layers, bytes, skipped };
}

/** Puts a snapshot's weights into `model` (a viewing copy of the run's architecture); other layers keep theirs. */
export function applySnapshot(model: tf.LayersModel, snapshot: EpochSnapshot): void {
  tf.tidy(() => {
    for (const l of snapshot.layers) {
      const layer = model.getLayer(l.layer);
      layer.setWeights(l.tensors.map((t) => tf.tensor(decodeTensor(t), t.shape)));
    }
  });
}

/** One layer's kernels at the snapshot's epoch, in the same form as kernelsOf() (filter-major), without tfjs. */
export function snapshotKernels(snapshot: EpochSnapshot, layer: string): KernelSet {
  const l = snapshot.layers.find((x) => x.layer === layer);
  if (!l || (l.kind !== 'conv' && l.kind !== 'dense-image'))
    throw new Error(
      `Epoch ${snapshot.epoch}'s snapshot has no kernels for "${layer}" (it has ${
        snapshot.layers
          .filter((x) => x.kind === 'conv' || x.kind === 'dense-image')
          .map((x) => x.layer)
          .join(', ') || 'none'
      }).`,
    );
  const kernel = l.tensors.find((t) => t.name.endsWith('kernel'))!;
  const bias = l.tensors.find((t) => t.name.endsWith('bias'));
  const raw = decodeTensor(kernel);
  const count = kernel.shape.at(-1)!;
  const size = raw.length / count;
  const values = new Float32Array(raw.length);
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < size; k++)
    for (let f = 0; f < count; f++) {
      const v = raw[k * count + f]!;
      values[f * size + k] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  const shape =
    l.kind === 'conv'
      ? { height: kernel.shape[0]!, width: kernel.shape[1]!, channels: kernel.shape[2]! }
      : snapshot.input;
  return {
    layer,
    kind: l.kind,
    count,
    ...shape,
    values,
    bias: bias ? decodeTensor(bias) : new Float32Array(count),
    min,
    max,
  };
}

/** `slots` epochs out of 1..total, evenly spaced, always epoch 1 and (with 2 slots or more) the last. */
export function evenlySpaced(total: number, slots: number): number[] {
  if (total <= 0 || slots <= 0) return [];
  if (slots >= total) return Array.from({ length: total }, (_, i) => i + 1);
  if (slots === 1) return [1];
  return [...new Set(Array.from({ length: slots }, (_, i) => Math.round(1 + (i * (total - 1)) / (slots - 1))))];
}

/**
 * Keeps a run's snapshots within `runBytes`. Snapshots of one model are all the
 * same size, so the first one fixes how many fit; the epochs to keep are then
 * planned over the run's planned epochs, and one slot is held back for the
 * latest epoch, so a run that stops early (early stopping, the Stop button)
 * still shows its last epoch.
 */
export class SnapshotKeeper {
  private planned: Set<number> | null = null;
  private kept: EpochSnapshot[] = [];
  private tail: EpochSnapshot | null = null;

  constructor(
    private readonly plannedEpochs: number,
    readonly runBytes = SNAPSHOT_RUN_BYTES,
  ) {}

  /**
   * Offers the snapshot of each epoch, in epoch order: a planned epoch is kept, any other is held as the
   * latest until the next epoch replaces it.
   */
  add(snapshot: EpochSnapshot): void {
    if (!this.planned) {
      const slots = Math.max(1, Math.floor(this.runBytes / Math.max(1, snapshot.bytes)));
      // With room for every planned epoch and one more (a continued run), keep them all; else hold one slot for the latest.
      this.planned = new Set(
        evenlySpaced(this.plannedEpochs, slots > this.plannedEpochs ? this.plannedEpochs : slots - 1),
      );
    }
    if (this.planned.has(snapshot.epoch)) {
      this.kept.push(snapshot);
      this.tail = null;
    } else this.tail = snapshot;
  }

  /** The kept snapshots, oldest first (the held-back latest one is always newer than the planned ones kept). */
  list(): EpochSnapshot[] {
    return this.tail ? [...this.kept, this.tail] : [...this.kept];
  }

  /** Bytes held now: never more than runBytes. */
  get bytes(): number {
    return this.list().reduce((s, x) => s + x.bytes, 0);
  }
}
