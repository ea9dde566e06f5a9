// Fine-tuning after feature extraction, as the textbook does it: the classifier that feature extraction trained
// is the one fine-tuning starts from ("it's only possible to fine-tune the top layers of the convolutional base
// once the classifier on top has already been trained"). The two models differ before their base (feature
// extraction computes the base's features once, so it has no augmentation; fine-tuning has it), so the head's
// weights are matched by name and shape, not by position; the base keeps the ImageNet weights put into it.
import * as tf from '@tensorflow/tfjs';
import { dataFailure } from './questions';
import type { StoredCheckpoint } from './checkpoints';

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
  const byName = new Map(checkpoint.tensors.map((t) => [t.name, t]));
  const layers = headLayers(model).filter((l) => l.weights.length > 0);
  const misfits: string[] = [];
  const found = layers.map((layer) =>
    layer.weights.map((w) => {
      const t = byName.get(w.originalName);
      const shape = w.shape.map((d) => d ?? 1);
      if (!t || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
        misfits.push(t ? `${w.originalName} is ${t.shape.join('x')}, not ${shape.join('x')}` : `no ${w.originalName}`);
        return null;
      }
      return t;
    }),
  );
  if (misfits.length > 0)
    throw dataFailure(`The classifier to start from does not fit this model's head: ${misfits.join('; ')}.`, fix);
  tf.tidy(() => layers.forEach((layer, i) => layer.setWeights(found[i]!.map((t) => tf.tensor(t!.values, t!.shape)))));
}
