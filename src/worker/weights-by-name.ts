// Kept weights put back by name and shape, never by position: tfjs lists a model's trainable weights first, so
// their order changes with the trainable flags (a pretrained base fine-tuned from another layer, layers frozen
// while fine-tuning), while each weight's name (conv2d/kernel, block5_conv1/bias) stays. A kept checkpoint holds
// the names of the model that wrote it (snapshotWeights; an import names them as the lab builds them).
import * as tf from '@tensorflow/tfjs';
import type { WeightTensor } from './trainer';

export type WeightMatch = { ok: true; tensors: WeightTensor[] } | { ok: false; misfits: string[] };

const sizes = (shape: readonly number[]) => shape.join('x');

/**
 * The kept tensor for each of `weights`, by name and shape (the k-th weight of a name takes the k-th tensor of
 * that name, so a name that repeats still matches as it was written), or what does not fit, in words. `whole`:
 * every kept tensor must find its weight too (a whole model restored), else some may be left (its head alone).
 */
export function matchWeights(weights: tf.LayerVariable[], kept: WeightTensor[], whole: boolean): WeightMatch {
  const byName = new Map<string, WeightTensor[]>();
  for (const t of kept) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
  const misfits: string[] = [];
  const tensors: WeightTensor[] = [];
  for (const w of weights) {
    const t = byName.get(w.originalName)?.shift();
    const shape = w.shape.map((d) => d ?? 1);
    if (!t) misfits.push(`no ${w.originalName}`);
    else if (sizes(t.shape) !== sizes(shape))
      misfits.push(`${w.originalName} is ${sizes(t.shape)}, not ${sizes(shape)}`);
    else tensors.push(t);
  }
  if (whole) for (const [name, left] of byName) if (left.length > 0) misfits.push(`${name} is not in this model`);
  return misfits.length > 0 ? { ok: false, misfits } : { ok: true, tensors };
}

/** Kept weights that do not fit a model, each misfit in words. */
export class WeightsMisfit extends Error {
  constructor(readonly misfits: string[]) {
    super(misfits.join('; '));
    this.name = 'WeightsMisfit';
  }
}

/** Puts every kept tensor into `model`'s weight of its name and shape; throws WeightsMisfit, changing nothing. */
export function restoreByName(model: tf.LayersModel, kept: WeightTensor[]): void {
  const match = matchWeights(model.weights, kept, true);
  if (!match.ok) throw new WeightsMisfit(match.misfits);
  writeWeights(model.weights, match.tensors);
}

/** Writes matched tensors into their weights (in the order matchWeights returned them); nothing is left over. */
export function writeWeights(weights: tf.LayerVariable[], tensors: WeightTensor[]): void {
  tf.tidy(() => weights.forEach((w, i) => w.write(tf.tensor(tensors[i]!.values, tensors[i]!.shape))));
}
