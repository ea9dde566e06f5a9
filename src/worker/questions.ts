// Answers to short requests on a model (see ShortRequests in control.ts for
// when they run): a layer's weights, predictions for a few images. They only
// read: inference mode (no Dropout mask, no augmentation, so no random draw),
// no weight or BatchNorm statistic changes, every tensor disposed.
import * as tf from '@tensorflow/tfjs';
import type { WeightTensor } from './trainer';
import { MAX_PREDICT_IMAGES, type ImageBatch, type WorkerFailure } from './protocol';

/** A failure the student can act on, thrown inside the worker and sent as plain data. */
export class FailureError extends Error {
  constructor(readonly failure: WorkerFailure) {
    super(failure.message);
  }
}

export const dataFailure = (message: string, fix: string): FailureError =>
  new FailureError({ kind: 'data', message, fix });

/** Copies of one layer's weights in the live model (copies: transferring them must not detach the model's own buffers). */
export async function liveLayerWeights(model: tf.LayersModel, layerName: string): Promise<WeightTensor[]> {
  const layer = model.layers.find((l) => l.name === layerName);
  if (!layer)
    throw dataFailure(
      `The model has no layer "${layerName}"; its layers are ${model.layers.map((l) => l.name).join(', ')}.`,
      'Ask for a layer of the model that was trained.',
    );
  const values = await Promise.all(layer.weights.map((w) => w.read().data()));
  return layer.weights.map((w, i) => ({
    name: w.originalName,
    shape: w.shape.map((d) => d ?? 1),
    values: new Float32Array(values[i] as Float32Array),
  }));
}

/** One layer's tensors out of a checkpoint (stored as "layer/kernel", "layer/bias", ...). Copies, as above. */
export function storedLayerWeights(tensors: WeightTensor[], layerName: string): WeightTensor[] {
  return tensors
    .filter((t) => t.name.startsWith(`${layerName}/`))
    .map((t) => ({ ...t, values: new Float32Array(t.values) }));
}

/** Refuses images the model cannot take, with the reason. */
export function checkImages(images: ImageBatch, input: { height: number; width: number; channels: number }): void {
  const { count, height, width, channels } = images;
  if (!Number.isInteger(count) || count < 1) throw dataFailure('No images to predict.', 'Pick at least one image.');
  if (count > MAX_PREDICT_IMAGES)
    throw dataFailure(
      `${count} images are too many for one prediction request (at most ${MAX_PREDICT_IMAGES}).`,
      `Ask for at most ${MAX_PREDICT_IMAGES} images at a time, or evaluate the whole split.`,
    );
  if (height !== input.height || width !== input.width || channels !== input.channels)
    throw dataFailure(
      `The images are ${width}x${height}x${channels} but the model expects ${input.width}x${input.height}x${input.channels}.`,
      'Give the model images of its input size.',
    );
  if (images.pixels.length !== count * height * width * channels)
    throw dataFailure(
      `${images.pixels.length} bytes do not make ${count} images of ${width}x${height}x${channels}.`,
      'Send count x height x width x channels bytes.',
    );
}

/**
 * Class probabilities (count x numClasses) in inference mode. A one-unit
 * sigmoid output (binary cross-entropy) is p(class 1); it is given as
 * [1 - p, p] so every model answers with one column per class.
 */
export async function predictProbabilities(
  model: tf.LayersModel,
  images: ImageBatch,
  scale: number,
  numClasses: number,
): Promise<Float32Array> {
  // Scaled as makeBatch scales training and evaluation batches, so the numbers match evaluate's.
  const floats = new Float32Array(images.pixels.length);
  for (let i = 0; i < floats.length; i++) floats[i] = images.pixels[i]! * scale;
  const out = tf.tidy(() => {
    const x = tf.tensor4d(floats, [images.count, images.height, images.width, images.channels]);
    const p = model.predict(x) as tf.Tensor2D;
    return p.shape[1] === 1 && numClasses === 2 ? tf.concat([tf.sub(1, p), p], 1) : p;
  });
  try {
    return new Float32Array((await out.data()) as Float32Array);
  } finally {
    out.dispose();
  }
}
