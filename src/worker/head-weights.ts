// Fine-tuning after feature extraction, as the textbook does it: the classifier that feature extraction trained
// is the one fine-tuning starts from ("it's only possible to fine-tune the top layers of the convolutional base
// once the classifier on top has already been trained"). The two models differ before their base (feature
// extraction computes the base's features once, so it has no augmentation; fine-tuning has it), so the head's
// weights are matched by name and shape, not by position; the base keeps the ImageNet weights put into it.
import * as tf from '@tensorflow/tfjs';
import { dataFailure } from './questions';
import type { StoredCheckpoint } from './checkpoints';
import { matchWeights, writeWeights } from './weights-by-name';

/** The layers after the pretrained base (a nested LayersModel); every layer where the model has no base. */
export function headLayers(model: tf.LayersModel): tf.layers.Layer[] {
  const at = model.layers.findIndex((l) => l instanceof tf.LayersModel);
  return model.layers.slice(at + 1);
}

/**
 * Puts the checkpoint's weights of `model`'s head layers into them, each weight found by its name and shape;
 * fails, changing nothing, when one is missing or has another shape (naming it).
 */
export function restoreHead(model: tf.LayersModel, checkpoint: StoredCheckpoint, fix: string): void {
  const weights = headLayers(model).flatMap((l) => l.weights);
  const match = matchWeights(weights, checkpoint.tensors, false);
  if (!match.ok)
    throw dataFailure(`The classifier to start from does not fit this model's head: ${match.misfits.join('; ')}.`, fix);
  writeWeights(weights, match.tensors);
}
