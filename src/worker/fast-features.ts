// Fast feature extraction, the worker's half (the pure half, featurePlan, is src/model/bases/features.ts):
// the frozen base (with the Rescaling before it) runs once over every image in inference mode, its outputs are
// kept as float32 features, and a head-only model built from the layers after the base trains on them. The
// head's weights are copied back into the whole model after every epoch, so the run's checkpoints stay the
// whole model's (base + head) and Inspect, predict, export and evaluate see the model the student built.
import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../model/shape';
import type { FeaturePlan } from '../model/bases/features';
import { EXTRACT_BATCH } from '../model/train-work';
import { makeBatch, type TrainSplit } from './batches';
import type { FeatureKeeper } from './feature-keep';
import { buildModel } from './model/build';
import { foldBase, type FoldedBase } from './model/bases/folded';
import type { JobControl } from './control';

export interface ExtractProgress {
  done: number;
  total: number;
  /** Seconds left at the speed so far; null before the first batch is timed. */
  etaSeconds: number | null;
}

/**
 * The base's features of every image of `splits`, in their order, put into `keeper` (memory or disk,
 * feature-keep.ts); false when the job was stopped. One batch of pixels and activations exists at a time.
 */
export async function extractFeatures(
  model: tf.LayersModel,
  plan: FeaturePlan,
  splits: readonly TrainSplit[],
  geometry: ImageShape,
  scale: number,
  control: JobControl,
  keeper: Pick<FeatureKeeper, 'put'>,
  onProgress: (p: ExtractProgress) => void,
  now: () => number = () => performance.now(),
): Promise<boolean> {
  const through = model.layers.slice(0, plan.before.length + 1);
  // A Keras base runs folded (BatchNormalization into its convolution, ReLU fused: bases/folded.ts).
  const base = through.at(-1) as tf.LayersModel;
  const folded: FoldedBase | null = plan.base.base === 'tfjs' ? null : foldBase(base, plan.base);
  const run = (x: tf.Tensor): tf.Tensor => {
    const before = through.slice(0, -1).reduce<tf.Tensor>((t, l) => l.apply(t, { training: false }) as tf.Tensor, x);
    return folded ? folded.apply(before as tf.Tensor4D) : (base.apply(before, { training: false }) as tf.Tensor);
  };
  const total = splits.reduce((n, s) => n + s.count, 0);
  let done = 0;
  const t0 = now();
  onProgress({ done, total, etaSeconds: null });
  try {
    for (const [s, split] of splits.entries()) {
      for (let start = 0; start < split.count; start += EXTRACT_BATCH) {
        if ((await control.checkpoint()) === 'stop') return false;
        const y = tf.tidy(() => run(makeBatch(split, geometry, null, start, EXTRACT_BATCH, scale).x));
        try {
          keeper.put(s, start, (await y.data()) as Float32Array);
        } finally {
          y.dispose();
        }
        done += Math.min(EXTRACT_BATCH, split.count - start);
        const seconds = (now() - t0) / 1000;
        onProgress({ done, total, etaSeconds: (seconds / done) * (total - done) });
      }
    }
  } finally {
    folded?.dispose();
  }
  return true;
}

/**
 * The layers after the base as a model of their own, starting from the whole model's weights for them (the
 * same seeds as in the whole model too: layer i of the head is layer at + 1 + i of the stack).
 */
export function headModel(model: tf.LayersModel, plan: FeaturePlan, seed: number): tf.Sequential {
  const at = plan.before.length;
  const head = buildModel(plan.head, seed + at + 1);
  copyLayers(model.layers.slice(at + 1), head.layers);
  return head;
}

/** The head's weights (trained) into the whole model's layers after the base. */
export function putHead(model: tf.LayersModel, head: tf.LayersModel, plan: FeaturePlan): void {
  copyLayers(head.layers, model.layers.slice(plan.before.length + 1));
}

function copyLayers(from: tf.layers.Layer[], to: tf.layers.Layer[]): void {
  if (from.length !== to.length) throw new Error(`The head has ${from.length} layers; the model ${to.length}.`);
  from.forEach((layer, i) => {
    const weights = layer.getWeights();
    if (weights.length) to[i]!.setWeights(weights);
  });
}

/**
 * Words for the preparing line: "Computing the base's features once (fast feature extraction, 146.5 MB kept
 * on disk): 120 / 3000 images, about 30 s left"; where they stay in memory though the rule said disk, why.
 */
export function extractMessage(
  p: ExtractProgress,
  bytesPerImage: number,
  kept: Pick<FeatureKeeper, 'where' | 'why'>,
): string {
  const mb = ((p.total * bytesPerImage) / 2 ** 20).toFixed(1);
  const eta = p.etaSeconds === null ? '' : `, about ${Math.max(1, Math.round(p.etaSeconds))} s left`;
  const where = kept.where === 'disk' ? 'on disk' : `in memory${kept.why ? `: ${kept.why}` : ''}`;
  return `Computing the base's features once (fast feature extraction, ${mb} MB kept ${where}): ${p.done} / ${p.total} images${eta}`;
}
